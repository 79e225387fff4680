package io.watchkeeper.web.alertmanager;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.alert.AlertMarker;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.dispatch.AlertGroup;
import io.watchkeeper.alerting.dispatch.Route;
import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.web.api.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code POST/GET /api/v2/alerts} and {@code GET /api/v2/alerts/groups} as Alertmanager serves
 * them. Thread-safe.
 */
final class AlertEndpoints {
  private final NotificationManager alerting;
  private final InstantSource clock;
  private final long maxBodyBytes;

  AlertEndpoints(NotificationManager alerting, InstantSource clock, long maxBodyBytes) {
    this.alerting = alerting;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The filter parameters shared by the alert and group listings. */
  private record Filter(boolean active, boolean silenced, boolean inhibited, boolean unprocessed, List<Matcher> matchers,
      Optional<Pattern> receiver) {}

  private static Filter filter(Exchange ex) throws Exception {
    List<Matcher> matchers = new ArrayList<>();
    for (String f : ex.params("filter")) {
      try {
        matchers.addAll(AlertMatchers.parseAll(f));
      } catch (IllegalArgumentException e) {
        throw new AmException(400, e.getMessage());
      }
    }
    Optional<Pattern> receiver = Optional.empty();
    String r = ex.param("receiver");
    if (!r.isEmpty()) {
      try {
        receiver = Optional.of(Pattern.compile("^(?:" + r + ")$"));
      } catch (PatternSyntaxException e) {
        throw new AmException(400, "failed to parse receiver param: " + e.getDescription());
      }
    }
    return new Filter(bool(ex, "active"), bool(ex, "silenced"), bool(ex, "inhibited"), bool(ex, "unprocessed"), matchers, receiver);
  }

  private static boolean bool(Exchange ex, String name) throws Exception {
    String v = ex.param(name);
    if (v.isEmpty()) {
      return true;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new AmException(400, 606, name + " in query must be of type boolean: \"" + v + "\"");
  }

  // Alertmanager's alertFilter: not resolved, state and suppression as asked, matching the filter.
  private boolean accepts(Filter f, TrackedAlert a, Instant now) {
    if (!a.endsAt().equals(TrackedAlert.ZERO_TIME) && a.endsAt().isBefore(now)) {
      return false;
    }
    AlertMarker.Status s = status(a, now);
    if (!f.active() && s.state() == AlertMarker.State.ACTIVE) {
      return false;
    }
    if (!f.unprocessed() && s.state() == AlertMarker.State.UNPROCESSED) {
      return false;
    }
    if (!f.silenced() && !s.silencedBy().isEmpty()) {
      return false;
    }
    if (!f.inhibited() && !s.inhibitedBy().isEmpty()) {
      return false;
    }
    return AlertMatchers.matches(f.matchers(), a.labels());
  }

  // Alertmanager's setAlertStatus: silences and inhibition are asked now, and mark the alert.
  private AlertMarker.Status status(TrackedAlert a, Instant now) {
    alerting.silences().mutes(a.labels(), now);
    alerting.inhibitor().ifPresent(i -> i.mutes(a.labels(), now));
    return alerting.marker().status(a.fingerprint());
  }

  void list(Exchange ex) throws Exception {
    try {
      Filter f = filter(ex);
      Instant now = clock.instant();
      Route route = alerting.route();
      List<TrackedAlert> alerts = new ArrayList<>();
      List<List<String>> receivers = new ArrayList<>();
      List<TrackedAlert> all = alerting.alerts().list();
      all.sort(Comparator.comparing(a -> Fingerprint.format(a.fingerprint())));
      for (TrackedAlert a : all) {
        List<String> names = route.match(a.labels()).stream().map(r -> r.options().receiver()).toList();
        if (f.receiver().isPresent() && names.stream().noneMatch(n -> f.receiver().get().matcher(n).matches())) {
          continue;
        }
        if (accepts(f, a, now)) {
          alerts.add(a);
          receivers.add(names);
        }
      }
      AmJson.respond(ex, 200, gen -> {
        gen.writeStartArray();
        for (int i = 0; i < alerts.size(); i++) {
          alert(gen, alerts.get(i), receivers.get(i));
        }
        gen.writeEndArray();
      });
    } catch (AmException e) {
      AmJson.error(ex, e);
    }
  }

  void groups(Exchange ex) throws Exception {
    try {
      Filter f = filter(ex);
      List<AlertGroup> groups = alerting.dispatcher()
          .map(d -> d.groups(r -> f.receiver().map(p -> p.matcher(r.options().receiver()).matches()).orElse(true),
              (a, now) -> accepts(f, a, now)))
          .orElse(List.of());
      Route route = alerting.route();
      AmJson.respond(ex, 200, gen -> {
        gen.writeStartArray();
        for (AlertGroup g : groups) {
          gen.writeStartObject();
          gen.writeArrayFieldStart("alerts");
          for (TrackedAlert a : g.alerts()) {
            alert(gen, a, route.match(a.labels()).stream().map(r -> r.options().receiver()).toList());
          }
          gen.writeEndArray();
          AmJson.labels(gen, "labels", g.labels());
          gen.writeObjectFieldStart("receiver");
          gen.writeStringField("name", g.receiver());
          gen.writeEndObject();
          gen.writeEndObject();
        }
        gen.writeEndArray();
      });
    } catch (AmException e) {
      AmJson.error(ex, e);
    }
  }

  private void alert(JsonGenerator gen, TrackedAlert a, List<String> receivers) throws IOException {
    AlertMarker.Status s = alerting.marker().status(a.fingerprint());
    gen.writeStartObject();
    AmJson.labels(gen, "annotations", a.annotations());
    gen.writeStringField("endsAt", AmJson.time(a.endsAt()));
    gen.writeStringField("fingerprint", Fingerprint.format(a.fingerprint()));
    gen.writeArrayFieldStart("receivers");
    for (String r : receivers) {
      gen.writeStartObject();
      gen.writeStringField("name", r);
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeStringField("startsAt", AmJson.time(a.startsAt()));
    gen.writeObjectFieldStart("status");
    strings(gen, "inhibitedBy", s.inhibitedBy());
    strings(gen, "silencedBy", s.silencedBy());
    gen.writeStringField("state", s.state().apiName());
    gen.writeEndObject();
    gen.writeStringField("updatedAt", AmJson.time(a.updatedAt()));
    gen.writeStringField("generatorURL", a.alert().generatorUrl());
    AmJson.labels(gen, "labels", a.labels());
    gen.writeEndObject();
  }

  private static void strings(JsonGenerator gen, String field, List<String> values) throws IOException {
    gen.writeArrayFieldStart(field);
    for (String v : values) {
      gen.writeString(v);
    }
    gen.writeEndArray();
  }

  void post(Exchange ex) throws Exception {
    try {
      List<Alert> alerts = parse(ex);
      List<String> errors = alerting.send(alerts);
      if (!errors.isEmpty()) {
        throw new AmException(400, String.join("; ", errors));
      }
      ex.respondEmpty(200);
    } catch (AmException e) {
      AmJson.error(ex, e);
    }
  }

  private List<Alert> parse(Exchange ex) throws Exception {
    JsonNode root;
    try (InputStream in = ex.body(maxBodyBytes)) {
      root = AmJson.MAPPER.readTree(in);
    } catch (Exchange.BodyTooLargeException e) {
      throw new AmException(413, e.getMessage());
    } catch (IOException e) {
      throw new AmException(400, 400, "parsing alerts body failed: " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new AmException(400, 400, "parsing alerts body failed: expected a JSON array of alerts");
    }
    List<Alert> out = new ArrayList<>(root.size());
    for (JsonNode n : root) {
      if (!n.isObject()) {
        throw new AmException(400, 400, "parsing alerts body failed: every alert must be a JSON object");
      }
      if (!n.has("labels")) {
        throw AmException.required("labels");
      }
      JsonNode gen = n.get("generatorURL");
      out.add(new Alert(AmJson.parseLabels(n, "labels"), AmJson.parseLabels(n, "annotations"), AmJson.parseTime(n, "startsAt"),
          AmJson.parseTime(n, "endsAt"), gen == null || gen.isNull() ? "" : gen.asText()));
    }
    return out;
  }
}
