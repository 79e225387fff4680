package io.watchkeeper.web.alertmanager;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.model.Labels;
import io.watchkeeper.web.api.Exchange;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * JSON in and out as Alertmanager's API writes it: times as go-openapi's {@code strfmt.DateTime}
 * (UTC, always three fraction digits), labels as objects in name order. Thread-safe: stateless.
 */
final class AmJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AmJson() {}

  /** Writes the body. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator gen) throws IOException;
  }

  static void respond(Exchange ex, int status, Body body) throws IOException {
    ex.respond(status, "application/json", out -> {
      try (JsonGenerator gen = FACTORY.createGenerator(out)) {
        body.write(gen);
      }
    });
  }

  /** Answers an {@link AmException} as Alertmanager does. */
  static void error(Exchange ex, AmException e) throws IOException {
    respond(ex, e.status, gen -> {
      if (e.code == 0) {
        gen.writeString(e.getMessage());
      } else {
        gen.writeStartObject();
        gen.writeNumberField("code", e.code);
        gen.writeStringField("message", e.getMessage());
        gen.writeEndObject();
      }
    });
  }

  static String time(Instant t) {
    return TIME.format(t);
  }

  static void labels(JsonGenerator gen, String field, Labels labels) throws IOException {
    gen.writeObjectFieldStart(field);
    for (int i = 0; i < labels.size(); i++) {
      gen.writeStringField(labels.name(i), labels.value(i));
    }
    gen.writeEndObject();
  }

  /** An RFC 3339 time; missing or null is Go's zero time. */
  static Instant parseTime(JsonNode node, String field) throws AmException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
      return TrackedAlert.ZERO_TIME;
    }
    try {
      return OffsetDateTime.parse(v.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new AmException(400, 601, field + " in body must be of type date-time: \"" + v.asText() + "\"");
    }
  }

  /** A string map such as labels or annotations; values must be strings. */
  static Labels parseLabels(JsonNode node, String field) throws AmException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Labels.EMPTY;
    }
    if (!v.isObject()) {
      throw new AmException(400, 602, field + " in body must be of type object");
    }
    Labels.Builder b = Labels.builder();
    for (var e : v.properties()) {
      if (!e.getValue().isTextual()) {
        throw new AmException(400, 602, field + "." + e.getKey() + " in body must be of type string");
      }
      b.set(e.getKey(), e.getValue().asText());
    }
    return b.build();
  }
}
