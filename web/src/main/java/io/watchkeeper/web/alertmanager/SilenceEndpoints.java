package io.watchkeeper.web.alertmanager;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.silence.Silence;
import io.watchkeeper.alerting.silence.SilenceNotFoundException;
import io.watchkeeper.alerting.silence.SilenceState;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.web.api.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET/POST /api/v2/silences}, {@code GET/DELETE /api/v2/silence/{silenceID}} as
 * Alertmanager serves them. Thread-safe.
 */
final class SilenceEndpoints {
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
  private static final int MAX_BODY = 1 << 20;

  private final NotificationManager alerting;
  private final InstantSource clock;

  SilenceEndpoints(NotificationManager alerting, InstantSource clock) {
    this.alerting = alerting;
    this.clock = clock;
  }

  void list(Exchange ex) throws Exception {
    try {
      List<Matcher> filter = new ArrayList<>();
      for (String f : ex.params("filter")) {
        try {
          filter.addAll(AlertMatchers.parseAll(f));
        } catch (IllegalArgumentException e) {
          throw new AmException(400, e.getMessage());
        }
      }
      Instant now = clock.instant();
      List<Silence> silences = new ArrayList<>(alerting.silences().query(s -> matchesFilter(s, filter)));
      silences.sort(order(now));
      AmJson.respond(ex, 200, gen -> {
        gen.writeStartArray();
        for (Silence s : silences) {
          silence(gen, s, now);
        }
        gen.writeEndArray();
      });
    } catch (AmException e) {
      AmJson.error(ex, e);
    }
  }

  // Alertmanager's CheckSilenceMatchesFilterLabels: each filter matcher must match the value of the
  // silence's matcher of the same name.
  private static boolean matchesFilter(Silence s, List<Matcher> filter) {
    Map<String, Matcher> byName = new HashMap<>();
    s.matchers().forEach(m -> byName.put(m.name(), m));
    for (Matcher f : filter) {
      Matcher m = byName.get(f.name());
      if (m == null || !f.matches(m.value())) {
        return false;
      }
    }
    return true;
  }

  // Alertmanager's SortSilences: active by end, then pending by start, then expired, latest end first.
  private static Comparator<Silence> order(Instant now) {
    return Comparator.<Silence>comparingInt(s -> switch (s.state(now)) {
      case ACTIVE -> 0;
      case PENDING -> 1;
      case EXPIRED -> 2;
    }).thenComparing((a, b) -> switch (a.state(now)) {
      case ACTIVE -> a.endsAt().compareTo(b.endsAt());
      case PENDING -> a.startsAt().compareTo(b.startsAt());
      case EXPIRED -> b.endsAt().compareTo(a.endsAt());
    });
  }

  void get(Exchange ex) throws Exception {
    try {
      String id = id(ex);
      Optional<Silence> s = alerting.silences().get(id);
      if (s.isEmpty()) {
        ex.respondEmpty(404);
        return;
      }
      Instant now = clock.instant();
      AmJson.respond(ex, 200, gen -> silence(gen, s.get(), now));
    } catch (AmException e) {
      AmJson.error(ex, e);
    }
  }

  void delete(Exchange ex) throws Exception {
    try {
      String id = id(ex);
      try {
        alerting.silences().expire(id);
      } catch (SilenceNotFoundException e) {
        throw new AmException(404, "silence not found");
      } catch (IllegalStateException e) {
        throw new AmException(500, e.getMessage());
      }
      ex.respondEmpty(200);
    } catch (AmException e) {
      AmJson.error(ex, e);
    }
  }

  private static String id(Exchange ex) throws AmException {
    String id = ex.pathParam("silenceID");
    if (!UUID.matcher(id).matches()) {
      throw new AmException(422, 601, "silenceID in path must be of type uuid: \"" + id + "\"");
    }
    return id;
  }

  void post(Exchange ex) throws Exception {
    try {
      Silence draft = parse(ex);
      Instant now = clock.instant();
      if (!draft.startsAt().isBefore(draft.endsAt())) {
        throw new AmException(400, "Failed to create silence: start time must be before end time");
      }
      if (draft.endsAt().isBefore(now)) {
        throw new AmException(400, "Failed to create silence: end time can't be in the past");
      }
      String id;
      try {
        id = alerting.silences().set(draft);
      } catch (SilenceNotFoundException e) {
        throw new AmException(404, "silence not found");
      } catch (IllegalArgumentException e) {
        throw new AmException(400, e.getMessage());
      }
      AmJson.respond(ex, 200, gen -> {
        gen.writeStartObject();
        gen.writeStringField("silenceID", id);
        gen.writeEndObject();
      });
    } catch (AmException e) {
      AmJson.error(ex, e);
    }
  }

  private static Silence parse(Exchange ex) throws Exception {
    JsonNode n;
    try (InputStream in = ex.body(MAX_BODY)) {
      n = AmJson.MAPPER.readTree(in);
    } catch (Exchange.BodyTooLargeException e) {
      throw new AmException(413, e.getMessage());
    } catch (IOException e) {
      throw new AmException(400, 400, "parsing silence body failed: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new AmException(400, 400, "parsing silence body failed: expected a JSON object");
    }
    for (String field : List.of("comment", "createdBy", "endsAt", "matchers", "startsAt")) {
      if (!n.hasNonNull(field)) {
        throw AmException.required(field);
      }
    }
    JsonNode ms = n.get("matchers");
    if (!ms.isArray() || ms.isEmpty()) {
      throw new AmException(422, 612, "matchers in body should have at least 1 items");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      JsonNode m = ms.get(i);
      if (!m.hasNonNull("name") || !m.hasNonNull("value") || !m.hasNonNull("isRegex")) {
        throw AmException.required("matchers." + i + "." + (!m.hasNonNull("name") ? "name" : !m.hasNonNull("value") ? "value" : "isRegex"));
      }
      boolean regex = m.get("isRegex").asBoolean();
      boolean equal = !m.has("isEqual") || m.get("isEqual").asBoolean();
      MatchType type = regex ? (equal ? MatchType.REGEX : MatchType.NOT_REGEX) : (equal ? MatchType.EQUAL : MatchType.NOT_EQUAL);
      try {
        matchers.add(AlertMatchers.of(type, m.get("name").asText(), m.get("value").asText()));
      } catch (IllegalArgumentException e) {
        throw new AmException(400, "silence invalid: invalid label matcher " + i + ": " + e.getMessage());
      }
    }
    String id = n.hasNonNull("id") ? n.get("id").asText() : "";
    return new Silence(id, matchers, AmJson.parseTime(n, "startsAt"), AmJson.parseTime(n, "endsAt"), Instant.EPOCH,
        n.get("createdBy").asText(), n.get("comment").asText());
  }

  private static void silence(JsonGenerator gen, Silence s, Instant now) throws IOException {
    SilenceState state = s.state(now);
    gen.writeStartObject();
    gen.writeStringField("id", s.id());
    gen.writeObjectFieldStart("status");
    gen.writeStringField("state", state.apiName());
    gen.writeEndObject();
    gen.writeStringField("updatedAt", AmJson.time(s.updatedAt()));
    gen.writeStringField("comment", s.comment());
    gen.writeStringField("createdBy", s.createdBy());
    gen.writeStringField("endsAt", AmJson.time(s.endsAt()));
    gen.writeArrayFieldStart("matchers");
    for (Matcher m : s.matchers()) {
      gen.writeStartObject();
      gen.writeBooleanField("isEqual", m.type() == MatchType.EQUAL || m.type() == MatchType.REGEX);
      gen.writeBooleanField("isRegex", m.type() == MatchType.REGEX || m.type() == MatchType.NOT_REGEX);
      gen.writeStringField("name", m.name());
      gen.writeStringField("value", m.value());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeStringField("startsAt", AmJson.time(s.startsAt()));
    gen.writeEndObject();
  }
}
