package io.watchkeeper.web.health;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.watchkeeper.web.api.Exchange;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes the health API's JSON: the seeds' envelope {@code {"success": true, "data": ...}} and
 * {@code {"success": false, "error": ...}}, times in RFC 3339 UTC, durations in milliseconds.
 * Thread-safe: stateless.
 */
final class HealthJson {
  static final String CONTENT_TYPE = "application/json";
  private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private HealthJson() {}

  /** Writes the {@code data} value. */
  @FunctionalInterface
  interface Data {
    void write(JsonGenerator gen) throws IOException;
  }

  /** Answers {@code status} with {@code {"success": true, "data": ...}}. */
  static void success(Exchange ex, int status, Data data) throws IOException {
    respond(ex, status, true, data);
  }

  /** Answers {@code status} with {@code {"success": false, "data": ...}} (readiness failing). */
  static void failure(Exchange ex, int status, Data data) throws IOException {
    respond(ex, status, false, data);
  }

  private static void respond(Exchange ex, int status, boolean success, Data data) throws IOException {
    ex.setHeader("Cache-Control", "no-store");
    ex.respond(status, CONTENT_TYPE, out -> {
      try (JsonGenerator gen = FACTORY.createGenerator(out)) {
        gen.writeStartObject();
        gen.writeBooleanField("success", success);
        gen.writeFieldName("data");
        data.write(gen);
        gen.writeEndObject();
      }
    });
  }

  /** Answers {@code status} with {@code {"success": false, "error": message}}. */
  static void error(Exchange ex, int status, String message) throws IOException {
    ex.setHeader("Cache-Control", "no-store");
    ex.respond(status, CONTENT_TYPE, out -> {
      try (JsonGenerator gen = FACTORY.createGenerator(out)) {
        gen.writeStartObject();
        gen.writeBooleanField("success", false);
        gen.writeStringField("error", message);
        gen.writeEndObject();
      }
    });
  }

  /** One check: name, status, message, duration, timestamp and, when asked, its details. */
  static void check(JsonGenerator gen, HealthCheck c, boolean details) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("name", c.name());
    gen.writeStringField("status", c.status().text());
    gen.writeStringField("message", c.message());
    gen.writeNumberField("duration", c.durationMillis());
    gen.writeStringField("timestamp", time(c.timestamp()));
    if (details && !c.details().isEmpty()) {
      gen.writeFieldName("details");
      value(gen, c.details());
    }
    gen.writeEndObject();
  }

  /** A detail value: map, list, string, number, boolean, instant or null. */
  static void value(JsonGenerator gen, Object v) throws IOException {
    switch (v) {
      case Map<?, ?> m -> {
        gen.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          gen.writeFieldName(String.valueOf(e.getKey()));
          if (e.getValue() == null) {
            gen.writeNull();
          } else {
            value(gen, e.getValue());
          }
        }
        gen.writeEndObject();
      }
      case List<?> l -> {
        gen.writeStartArray();
        for (Object o : l) {
          value(gen, o);
        }
        gen.writeEndArray();
      }
      case Integer i -> gen.writeNumber(i);
      case Long l -> gen.writeNumber(l);
      case Double d -> {
        if (d.isNaN() || d.isInfinite()) {
          gen.writeNull();
        } else {
          gen.writeNumber(d);
        }
      }
      case Boolean b -> gen.writeBoolean(b);
      case Instant t -> gen.writeString(time(t));
      case java.util.Optional<?> o -> {
        if (o.isPresent()) {
          value(gen, o.get());
        } else {
          gen.writeNull();
        }
      }
      default -> gen.writeString(v.toString());
    }
  }

  /** RFC 3339 in UTC, with milliseconds when not zero: {@code 2024-01-15T10:30:00Z}. */
  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }
}
