package io.watchkeeper.web.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.Labels;
import io.watchkeeper.query.ErrorType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes Prometheus' JSON envelope ({@code {"status":"success","data":...,"warnings":[...]}} and
 * {@code {"status":"error","errorType":...,"error":...}}) and its value encodings, streaming with
 * Jackson's {@link JsonGenerator} straight to the response: no tree, so a result of 100k series
 * costs only its output buffer. Thread-safe: the factory is.
 */
final class ApiJson {
  static final String CONTENT_TYPE = "application/json";

  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private ApiJson() {}

  /** Writes the {@code data} value. */
  @FunctionalInterface
  interface DataWriter {
    void write(JsonGenerator gen) throws IOException;
  }

  /** Answers 200 with {@code {"status":"success","data":...}} and the warnings, if any. */
  static void success(Exchange ex, DataWriter data, List<String> warnings) throws IOException {
    ex.respond(
        200,
        CONTENT_TYPE,
        out -> {
          try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("status", "success");
            gen.writeFieldName("data");
            data.write(gen);
            if (!warnings.isEmpty()) {
              gen.writeArrayFieldStart("warnings");
              for (String w : warnings) {
                gen.writeString(w);
              }
              gen.writeEndArray();
            }
            gen.writeEndObject();
          }
        });
  }

  /** Answers 200 with the data and no warnings. */
  static void success(Exchange ex, DataWriter data) throws IOException {
    success(ex, data, List.of());
  }

  /** Answers {@code status} with {@code {"status":"error","errorType":...,"error":...}}. */
  static void error(Exchange ex, int status, ErrorType type, String message, @Nullable DataWriter data) throws IOException {
    ex.respond(
        status,
        CONTENT_TYPE,
        out -> {
          try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("status", "error");
            gen.writeStringField("errorType", type.apiName());
            gen.writeStringField("error", message);
            if (data != null) {
              gen.writeFieldName("data");
              data.write(gen);
            }
            gen.writeEndObject();
          }
        });
  }

  /** Labels as an object in label order: {@code {"__name__":"up","job":"api"}}. */
  static void labels(JsonGenerator gen, Labels labels) throws IOException {
    gen.writeStartObject();
    for (int i = 0; i < labels.size(); i++) {
      gen.writeStringField(labels.name(i), labels.value(i));
    }
    gen.writeEndObject();
  }

  /** A point {@code [1700000000.123,"1.5"]}: time in float seconds, value as a string. */
  static void point(JsonGenerator gen, long timestampMillis, double value) throws IOException {
    gen.writeStartArray();
    gen.writeNumber(FloatFormat.timestamp(timestampMillis));
    gen.writeString(FloatFormat.sampleValue(value));
    gen.writeEndArray();
  }

  /**
   * {@code [ts, {"count":"…","sum":"…","buckets":[[boundary_rule,"lower","upper","count"],…]}]}
   * for a native histogram sample (Prometheus {@code jsonutil.MarshalHistogram}): buckets in
   * ascending order, empty ones left out, {@code buckets} left out when all are; boundary rule 0
   * is {@code (lower, upper]}, 1 {@code [lower, upper)}, 2 {@code (lower, upper)}, 3 {@code [lower, upper]}.
   */
  static void histogramPoint(JsonGenerator gen, long timestampMillis, FloatHistogram h) throws IOException {
    gen.writeStartArray();
    gen.writeNumber(FloatFormat.timestamp(timestampMillis));
    gen.writeStartObject();
    gen.writeStringField("count", FloatFormat.sampleValue(h.count()));
    gen.writeStringField("sum", FloatFormat.sampleValue(h.sum()));
    boolean any = false;
    for (FloatHistogram.Bucket b : h.buckets()) {
      if (b.count() == 0) {
        continue;
      }
      if (!any) {
        gen.writeArrayFieldStart("buckets");
        any = true;
      }
      gen.writeStartArray();
      gen.writeNumber(b.lowerInclusive() ? (b.upperInclusive() ? 3 : 1) : (b.upperInclusive() ? 0 : 2));
      gen.writeString(FloatFormat.sampleValue(b.lower()));
      gen.writeString(FloatFormat.sampleValue(b.upper()));
      gen.writeString(FloatFormat.sampleValue(b.count()));
      gen.writeEndArray();
    }
    if (any) {
      gen.writeEndArray();
    }
    gen.writeEndObject();
    gen.writeEndArray();
  }

  /** A number as Go's encoding/json writes a float64 ({@code 0.006576866}, {@code 1e-7}). */
  static void number(JsonGenerator gen, double value) throws IOException {
    gen.writeNumber(FloatFormat.jsonNumber(value));
  }

  /**
   * A duration as float seconds, computed as Go's {@code Duration.Seconds()} (whole seconds plus
   * the nanoseconds over 1e9, which can differ in the last bit from nanoseconds over 1e9).
   */
  static void seconds(JsonGenerator gen, Duration d) throws IOException {
    long nanos = d.toNanos();
    number(gen, nanos / 1_000_000_000L + (nanos % 1_000_000_000L) / 1e9);
  }

  /**
   * A time as Go's encoding/json writes a {@code time.Time}: RFC 3339 with as many fraction digits
   * as needed; the zero time ({@code 0001-01-01T00:00:00Z}) for null, as Prometheus writes "never".
   */
  static String time(@Nullable Instant t) {
    if (t == null) {
      return "0001-01-01T00:00:00Z";
    }
    String s = DateTimeFormatter.ISO_INSTANT.format(t); // fractions in groups of 3 digits
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    int end = s.length() - 1; // at the 'Z'
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    return s.substring(0, end) + "Z";
  }
}
