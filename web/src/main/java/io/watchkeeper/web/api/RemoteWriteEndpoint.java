package io.watchkeeper.web.api;

import io.prometheus.metrics.core.metrics.Counter;
import io.watchkeeper.ingest.receive.RemoteWriteDecoder;
import io.watchkeeper.ingest.receive.RemoteWriteException;
import io.watchkeeper.storage.Appendable;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/write}: Prometheus remote-write 1.0 ({@code application/x-protobuf}, snappy
 * block compression). Answers 204 when every sample was appended; 400 in plain text (senders log
 * the body and do not retry) for a corrupt body or when some samples were refused, the others
 * being kept (see {@link RemoteWriteDecoder}); 413 for a body over the limit, compressed or
 * decompressed; 415 for another message type or compression, as Prometheus 3 does. Thread-safe.
 */
final class RemoteWriteEndpoint {
  private static final Logger log = LoggerFactory.getLogger(RemoteWriteEndpoint.class);
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String V1_MESSAGE = "prometheus.WriteRequest";

  private final RemoteWriteDecoder decoder;
  private final Appendable appendable;
  private final int maxBodyBytes;
  private final Counter samples;

  /** @param samples counter labelled {@code outcome}: {@code appended} or {@code rejected} */
  RemoteWriteEndpoint(RemoteWriteDecoder decoder, Appendable appendable, int maxBodyBytes, Counter samples) {
    this.decoder = decoder;
    this.appendable = appendable;
    this.maxBodyBytes = maxBodyBytes;
    this.samples = samples;
  }

  void write(Exchange ex) throws ApiException, RemoteWriteException, IOException {
    checkContentType(ex.header(HttpHeader.CONTENT_TYPE.asString()));
    checkEncoding(ex.header(HttpHeader.CONTENT_ENCODING.asString()));
    byte[] body = ex.readBody(maxBodyBytes);
    RemoteWriteDecoder.Result result = decoder.write(body, body.length, appendable);
    samples.labelValues("appended").inc(result.samplesAppended());
    samples.labelValues("rejected").inc(result.samplesRejected());
    ex.setHeader("X-Prometheus-Remote-Write-Samples-Written", Long.toString(result.samplesAppended()));
    if (result.hasErrors()) {
      log.atDebug()
          .addKeyValue("appended", result.samplesAppended())
          .addKeyValue("rejected", result.samplesRejected())
          .addKeyValue("first", result.errors().get(0))
          .log("remote write samples rejected");
      throw ApiException.badData(
          result.samplesRejected()
              + " of "
              + (result.samplesAppended() + result.samplesRejected())
              + " samples rejected: "
              + String.join("; ", result.errors()));
    }
    ex.respondEmpty(204);
  }

  /** Remote write 1.0 or no Content-Type (old senders), as Prometheus 3 accepts. */
  private static void checkContentType(@Nullable String contentType) throws ApiException {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase(PROTOBUF)) {
      throw ApiException.unsupportedMediaType(
          "expected " + PROTOBUF + " as the first (media) part, got " + contentType + " content-type");
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("proto=")) {
        String message = p.substring("proto=".length()).trim();
        if (!message.equals(V1_MESSAGE)) {
          throw ApiException.unsupportedMediaType(
              message + " protobuf message is not accepted by this server; accepted [" + V1_MESSAGE + "]");
        }
      }
    }
  }

  /** Snappy, or nothing (taken as snappy, as Prometheus does for old senders). */
  private static void checkEncoding(@Nullable String encoding) throws ApiException {
    if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("snappy")) {
      throw ApiException.unsupportedMediaType(
          encoding + " encoding (compression) is not accepted by this server; only snappy is acceptable");
    }
  }
}
