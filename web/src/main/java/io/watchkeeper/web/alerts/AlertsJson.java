package io.watchkeeper.web.alerts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.escalation.Escalation;
import io.watchkeeper.alerting.history.AlertEvent;
import io.watchkeeper.alerting.history.AlertRecord;
import io.watchkeeper.model.Labels;
import io.watchkeeper.web.api.Exchange;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The seeds' JSON: the {@code {"success": ..., "data": ...}} envelope, alerts with their labels,
 * annotations, state and times (RFC 3339, UTC), timelines and escalations. Thread-safe: stateless.
 */
final class AlertsJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private AlertsJson() {}

  /** Writes the {@code data} value. */
  @FunctionalInterface
  interface Data {
    void write(JsonGenerator gen) throws IOException;
  }

  static void success(Exchange ex, Instant now, int status, Data data) throws IOException {
    ex.respond(status, "application/json", out -> {
      try (JsonGenerator gen = FACTORY.createGenerator(out)) {
        gen.writeStartObject();
        gen.writeBooleanField("success", status / 100 == 2);
        gen.writeFieldName("data");
        data.write(gen);
        gen.writeStringField("timestamp", now.toString());
        gen.writeEndObject();
      }
    });
  }

  static void failure(Exchange ex, Instant now, int status, String message, Optional<Data> data) throws IOException {
    ex.respond(status, "application/json", out -> {
      try (JsonGenerator gen = FACTORY.createGenerator(out)) {
        gen.writeStartObject();
        gen.writeBooleanField("success", false);
        gen.writeStringField("error", message);
        if (data.isPresent()) {
          gen.writeFieldName("data");
          data.get().write(gen);
        }
        gen.writeStringField("timestamp", now.toString());
        gen.writeEndObject();
      }
    });
  }

  static void alert(JsonGenerator gen, AlertRecord r, List<Escalation> escalations) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("id", Long.toString(r.id()));
    gen.writeStringField("fingerprint", Fingerprint.format(r.fingerprint()));
    gen.writeStringField("name", r.name());
    gen.writeStringField("severity", r.severity());
    gen.writeStringField("status", r.state().apiName());
    gen.writeStringField("summary", r.annotations().has("summary") ? r.annotations().get("summary") : r.name());
    gen.writeStringField("description", r.annotations().get("description"));
    gen.writeStringField("runbookUrl", r.annotations().get("runbook_url"));
    labels(gen, "labels", r.labels());
    labels(gen, "annotations", r.annotations());
    time(gen, "startsAt", Optional.of(r.startsAt()));
    time(gen, "firingAt", r.firingAt());
    time(gen, "acknowledgedAt", r.acknowledgedAt());
    gen.writeStringField("acknowledgedBy", r.acknowledgedBy());
    time(gen, "resolvedAt", r.resolvedAt());
    gen.writeStringField("resolvedBy", r.resolvedBy());
    gen.writeNumberField("notifications", r.notifications());
    time(gen, "updatedAt", Optional.of(r.updatedAt()));
    gen.writeArrayFieldStart("escalations");
    for (Escalation e : escalations) {
      if (e.firing().contains(r.fingerprint())) {
        escalation(gen, e);
      }
    }
    gen.writeEndArray();
    gen.writeEndObject();
  }

  static void escalation(JsonGenerator gen, Escalation e) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("policy", e.policy());
    gen.writeStringField("groupKey", e.groupKey());
    gen.writeStringField("state", e.state().apiName());
    time(gen, "startedAt", Optional.of(e.startedAt()));
    gen.writeNumberField("stepsNotified", e.nextStep());
    time(gen, "acknowledgedAt", e.acknowledgedAt());
    gen.writeStringField("acknowledgedBy", e.acknowledgedBy());
    gen.writeEndObject();
  }

  static void events(JsonGenerator gen, List<AlertEvent> events) throws IOException {
    gen.writeArrayFieldStart("timeline");
    for (AlertEvent e : events) {
      gen.writeStartObject();
      gen.writeStringField("type", e.type().apiName());
      gen.writeStringField("at", e.at().toString());
      gen.writeStringField("detail", e.detail());
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  static void labels(JsonGenerator gen, String field, Labels labels) throws IOException {
    gen.writeObjectFieldStart(field);
    for (int i = 0; i < labels.size(); i++) {
      gen.writeStringField(labels.name(i), labels.value(i));
    }
    gen.writeEndObject();
  }

  static void time(JsonGenerator gen, String field, Optional<Instant> t) throws IOException {
    if (t.isPresent()) {
      gen.writeStringField(field, t.get().toString());
    } else {
      gen.writeNullField(field);
    }
  }
}
