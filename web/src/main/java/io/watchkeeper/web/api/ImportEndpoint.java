package io.watchkeeper.web.api;

import io.watchkeeper.query.ErrorType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code POST /api/v1/import}: backfills a Prometheus text or OpenMetrics document whose samples
 * carry timestamps (gzip-encoded bodies are inflated first). Answers {@code
 * {"status":"success","data":{"samplesImported":n,"samplesRejected":m}}}, with a warning when the
 * storage refused samples; 400 {@code bad_data} with the parser's messages (and the same counts as
 * {@code data}) when the document had errors. Thread-safe.
 */
final class ImportEndpoint {
  private final SampleImporter importer;
  private final long maxBodyBytes;

  ImportEndpoint(SampleImporter importer, long maxBodyBytes) {
    this.importer = importer;
    this.maxBodyBytes = maxBodyBytes;
  }

  void importSamples(Exchange ex) throws ApiException, IOException {
    String contentType = ex.header(HttpHeader.CONTENT_TYPE.asString());
    ImportSummary summary;
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
    if (!summary.errors().isEmpty()) {
      ApiJson.error(ex, 400, ErrorType.BAD_DATA, String.join("; ", summary.errors()), counts);
      return;
    }
    List<String> warnings =
        summary.samplesRejected() > 0
            ? List.of(summary.samplesRejected() + " samples rejected by the storage (out of order, out of bounds or duplicate)")
            : List.of();
    ApiJson.success(ex, counts, warnings);
  }
}
