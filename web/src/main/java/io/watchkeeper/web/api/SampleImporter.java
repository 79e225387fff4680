package io.watchkeeper.web.api;

import io.watchkeeper.ingest.receive.ImportException;
import io.watchkeeper.ingest.receive.Importer;
import java.io.IOException;
import java.io.InputStream;

/**
 * Backfills samples with timestamps from a Prometheus text or OpenMetrics document, for {@code
 * POST /api/v1/import}. {@link #of(Importer)} adapts the ingest module's importer. Thread-safe.
 */
@FunctionalInterface
public interface SampleImporter {
  /**
   * Reads {@code body} to its end and appends what it holds; a body that is invalid or too large,
   * or a failure while storing it, is reported in the summary.
   *
   * @param contentType the request's Content-Type (selects the format), empty if none was sent
   * @throws IOException if the body cannot be read (nothing was stored)
   */
  ImportSummary importSamples(InputStream body, String contentType) throws IOException;

  /** The ingest module's importer, its outcomes as summaries. */
  static SampleImporter of(Importer importer) {
    return (InputStream body, String contentType) -> {
      try {
        Importer.Result r = importer.importFrom(body, contentType.isEmpty() ? null : contentType);
        return ImportSummary.completed(r.samplesImported(), r.rejectedTotal());
      } catch (ImportException e) {
        ImportSummary.Kind kind = switch (e.kind()) {
          case INVALID -> ImportSummary.Kind.INVALID;
          case TOO_LARGE -> ImportSummary.Kind.TOO_LARGE;
          case FAILED -> ImportSummary.Kind.FAILED;
        };
        return ImportSummary.failed(e.samplesImported(), kind, e.getMessage(), e.kind() == ImportException.Kind.FAILED ? e : null);
      }
    };
  }
}
