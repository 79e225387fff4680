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
    try (InputStream body = ex.body(maxBodyBytes)) {
      summary = importer.importSamples(body, contentType == null ? "" : contentType);
      if (summary.failure().isPresent()) {
        discardRest(body);
      }
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

  /**
   * Reads and drops what the client still sends of a body the import stopped reading (at a line
   * in error, say). An HTTP/1.1 client reads the answer once it has sent the body, and a
   * connection closed with unread data is reset, which loses the answer: the client would report
   * a broken connection instead of the error. Costs the upload's time, no memory; stops when the
   * client goes away or at the body limit (past which the stream itself drops a bounded amount
   * more when closed, see {@link Exchange#body}).
   */
  private static void discardRest(InputStream body) {
    byte[] scratch = new byte[64 * 1024];
    try {
      while (body.read(scratch) >= 0) {
        // dropped
      }
    } catch (IOException e) {
      // Over the limit or gone: the connection is closed after the answer, which may not arrive.
      log.atDebug().addKeyValue("component", "import").setCause(e).log("rest of a refused import body not read");
    }
  }
}
