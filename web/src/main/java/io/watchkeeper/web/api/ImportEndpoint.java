package io.watchkeeper.web.api;

import io.watchkeeper.query.ErrorType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/import}: backfills a Prometheus text or OpenMetrics document whose samples
 * carry timestamps (gzip-encoded bodies are inflated first), streamed to the importer. Answers
 * {@code {"status":"success","data":{"samplesImported":n,"samplesRejected":m}}}, with a warning when
 * the storage refused samples. Every failure answers with the JSON error envelope and the same
 * counts as {@code data}: 400 {@code bad_data} with the line and column for a malformed body or one
 * that cannot be read, 413 {@code bad_data} for a body over the limit (nothing stored for either),
 * and 500 {@code internal} when storing failed, {@code samplesImported} then counting the samples
 * stored before, which stay. Thread-safe.
 */
final class ImportEndpoint {
  private static final Logger log = LoggerFactory.getLogger(ImportEndpoint.class);

  private final SampleImporter importer;
  private final long maxBodyBytes;

  ImportEndpoint(SampleImporter importer, long maxBodyBytes) {
    this.importer = importer;
    this.maxBodyBytes = maxBodyBytes;
  }

  void importSamples(Exchange ex) throws ApiException, IOException {
    String contentType = ex.header(HttpHeader.CONTENT_TYPE.asString());
    ImportSummary summary;
    // Closing the body reads and drops what the import left of it (after a bad line, say), so
    // the client, which sends it all before reading, gets the answer (Exchange#body).
    try (InputStream body = ex.body(maxBodyBytes)) {
      summary = importer.importSamples(body, contentType == null ? "" : contentType);
    }
    ApiJson.DataWriter counts =
        gen -> {
          gen.writeStartObject();
          gen.writeNumberField("samplesImported", summary.samplesImported());
          gen.writeNumberField("samplesRejected", summary.samplesRejected());
          gen.writeEndObject();
        };
    if (summary.failure().isPresent()) {
      ImportSummary.Failure f = summary.failure().get();
      switch (f.kind()) {
        case INVALID -> ApiJson.error(ex, 400, ErrorType.BAD_DATA, f.message(), counts);
        case TOO_LARGE -> ApiJson.error(ex, 413, ErrorType.BAD_DATA, f.message(), counts);
        case FAILED -> {
          log.atError().addKeyValue("component", "import").addKeyValue("samples_stored", summary.samplesImported())
              .setCause(f.cause()).log("import failed while storing");
          ApiJson.error(ex, 500, ErrorType.INTERNAL, f.message(), counts);
        }
      }
      return;
    }
    List<String> warnings =
        summary.samplesRejected() > 0
            ? List.of(summary.samplesRejected() + " samples rejected by the storage (out of order, out of bounds or duplicate)")
            : List.of();
    ApiJson.success(ex, counts, warnings);
  }
}
