package io.watchkeeper.web.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.alerting.ReceiverTester;
import io.watchkeeper.alerting.alert.StoreException;
import io.watchkeeper.alerting.escalation.Escalation;
import io.watchkeeper.alerting.escalation.EscalationManager;
import io.watchkeeper.alerting.history.AlertHistory;
import io.watchkeeper.alerting.history.AlertRecord;
import io.watchkeeper.alerting.history.AlertStats;
import io.watchkeeper.alerting.history.HistoryPage;
import io.watchkeeper.alerting.history.HistoryQuery;
import io.watchkeeper.web.api.ApiErrors;
import io.watchkeeper.web.api.ApiException;
import io.watchkeeper.web.api.Endpoint;
import io.watchkeeper.web.api.Exchange;
import io.watchkeeper.web.api.Route;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seeds' alert API as {@link Route routes} for {@code io.watchkeeper.web.WebServer}:
 *
 * <ul>
 *   <li>{@code GET /api/alerts/active}: unresolved alerts, newest first, with their escalations;
 *   <li>{@code GET /api/alerts/history} ({@code from}, {@code to} as RFC 3339 or Unix seconds,
 *       {@code severity}, {@code name}, {@code page} from 1, {@code limit} up to 1000, default 50);
 *   <li>{@code GET /api/alerts/stats} ({@code from}, {@code to}, default the last 24 hours; {@code
 *       top}, default 10): counts by severity and rule, mean time to acknowledge and to resolve,
 *       the noisiest rules;
 *   <li>{@code GET /api/alerts/{id}}: one alert with its timeline;
 *   <li>{@code POST /api/alerts/{id}/acknowledge} and {@code /resolve} (JSON body {@code {"by":
 *       "alice"}} or a {@code by} parameter; default {@code api}): acknowledging stops the
 *       escalations of the alert's groups; resolving closes it by hand;
 *   <li>{@code POST /api/alerts/test} (JSON body {@code {"receiver": "NAME"}} or a {@code receiver}
 *       parameter): a test notification through every integration of the receiver; 200 when all
 *       delivered, 502 with the per-integration results otherwise.
 * </ul>
 *
 * Answers are {@code {"success": true, "data": ..., "timestamp": ...}}; refusals {@code
 * {"success": false, "error": "..."}} with 400 or 404. The server adds {@link #routes()}:
 *
 * <pre>{@code
 * AlertsApi alertsApi = new AlertsApi(history, escalations, new ReceiverTester(alerting, clock), clock);
 * }</pre>
 *
 * Thread-safe.
 */
public final class AlertsApi {
  private static final Logger log = LoggerFactory.getLogger(AlertsApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 64 << 10;
  private static final int DEFAULT_LIMIT = 50;
  private static final Duration DEFAULT_STATS_WINDOW = Duration.ofHours(24);
  private static final Set<String> GET = Set.of("GET");
  private static final Set<String> POST = Set.of("POST");

  private final AlertHistory history;
  private final EscalationManager escalations;
  private final ReceiverTester tester;
  private final InstantSource clock;
  private final List<Route> routes;

  public AlertsApi(AlertHistory history, EscalationManager escalations, ReceiverTester tester, InstantSource clock) {
    this.history = history;
    this.escalations = escalations;
    this.tester = tester;
    this.clock = clock;
    ApiErrors.Style json = ApiErrors.Style.JSON;
    this.routes = List.of(
        new Route("/api/alerts/active", GET, json, true, guarded(this::active)),
        new Route("/api/alerts/history", GET, json, true, guarded(this::history)),
        new Route("/api/alerts/stats", GET, json, true, guarded(this::stats)),
        new Route("/api/alerts/test", POST, json, true, guarded(this::test)),
        new Route("/api/alerts/{id}", GET, json, true, guarded(this::one)),
        new Route("/api/alerts/{id}/acknowledge", POST, json, true, guarded(this::acknowledge)),
        new Route("/api/alerts/{id}/resolve", POST, json, true, guarded(this::resolve)));
  }

  /** The routes to serve. */
  public List<Route> routes() {
    return routes;
  }

  /** An endpoint whose refusals are answered in the seeds' envelope. */
  @FunctionalInterface
  private interface Handler {
    void handle(Exchange ex) throws AlertsException, IOException;
  }

  private Endpoint guarded(Handler h) {
    return ex -> {
      try {
        h.handle(ex);
      } catch (AlertsException e) {
        AlertsJson.failure(ex, clock.instant(), e.status, e.getMessage(), Optional.empty());
      } catch (StoreException e) {
        log.atError().addKeyValue("component", "web").addKeyValue("path", ex.path()).setCause(e).log("alert store failed");
        AlertsJson.failure(ex, clock.instant(), 500, e.getMessage(), Optional.empty());
      }
    };
  }

  private void active(Exchange ex) throws IOException {
    List<AlertRecord> active = history.active();
    List<Escalation> esc = escalations.escalations();
    AlertsJson.success(ex, clock.instant(), 200, gen -> {
      gen.writeStartObject();
      gen.writeNumberField("count", active.size());
      gen.writeArrayFieldStart("alerts");
      for (AlertRecord r : active) {
        AlertsJson.alert(gen, r, esc);
      }
      gen.writeEndArray();
      gen.writeEndObject();
    });
  }

  private void history(Exchange ex) throws AlertsException, IOException {
    HistoryQuery q;
    try {
      q = new HistoryQuery(time(ex, "from"), time(ex, "to"), text(ex, "severity"), text(ex, "name"), integer(ex, "page", 1),
          integer(ex, "limit", DEFAULT_LIMIT));
    } catch (IllegalArgumentException e) {
      throw new AlertsException(400, e.getMessage(), e);
    }
    HistoryPage page = history.store().history(q);
    AlertsJson.success(ex, clock.instant(), 200, gen -> {
      gen.writeStartObject();
      gen.writeArrayFieldStart("alerts");
      for (AlertRecord r : page.alerts()) {
        AlertsJson.alert(gen, r, List.of());
      }
      gen.writeEndArray();
      gen.writeObjectFieldStart("pagination");
      gen.writeNumberField("page", page.page());
      gen.writeNumberField("limit", page.limit());
      gen.writeNumberField("total", page.total());
      gen.writeNumberField("pages", page.pages());
      gen.writeEndObject();
      gen.writeEndObject();
    });
  }

  private void stats(Exchange ex) throws AlertsException, IOException {
    Instant to = time(ex, "to").orElse(clock.instant());
    Instant from = time(ex, "from").orElse(to.minus(DEFAULT_STATS_WINDOW));
    if (!from.isBefore(to)) {
      throw AlertsException.badRequest("from must be before to");
    }
    AlertStats st = history.store().stats(from, to, integer(ex, "top", 10));
    AlertsJson.success(ex, clock.instant(), 200, gen -> {
      gen.writeStartObject();
      gen.writeStringField("from", st.from().toString());
      gen.writeStringField("to", st.to().toString());
      gen.writeNumberField("total", st.total());
      gen.writeNumberField("active", st.active());
      counts(gen, "bySeverity", st.bySeverity());
      counts(gen, "byRule", st.byRule());
      seconds(gen, "meanTimeToAcknowledgeSeconds", st.meanTimeToAcknowledge());
      seconds(gen, "meanTimeToResolveSeconds", st.meanTimeToResolve());
      gen.writeArrayFieldStart("noisiestRules");
      for (AlertStats.RuleNoise n : st.noisiest()) {
        gen.writeStartObject();
        gen.writeStringField("name", n.name());
        gen.writeNumberField("alerts", n.alerts());
        gen.writeNumberField("notifications", n.notifications());
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    });
  }

  private static void counts(JsonGenerator gen, String field, Map<String, Long> counts) throws IOException {
    gen.writeObjectFieldStart(field);
    for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
      gen.writeNumberField(e.getKey().isEmpty() ? "none" : e.getKey(), e.getValue());
    }
    gen.writeEndObject();
  }

  private static void seconds(JsonGenerator gen, String field, Optional<Duration> d) throws IOException {
    if (d.isPresent()) {
      gen.writeNumberField(field, BigDecimal.valueOf(d.get().toMillis(), 3));
    } else {
      gen.writeNullField(field);
    }
  }

  private void one(Exchange ex) throws AlertsException, IOException {
    AlertRecord r = find(ex);
    var events = history.store().events(r.id());
    List<Escalation> esc = escalations.escalations();
    AlertsJson.success(ex, clock.instant(), 200, gen -> {
      gen.writeStartObject();
      gen.writeFieldName("alert");
      AlertsJson.alert(gen, r, r.isResolved() ? List.of() : esc);
      AlertsJson.events(gen, events);
      gen.writeEndObject();
    });
  }

  private AlertRecord find(Exchange ex) throws AlertsException {
    long id = id(ex);
    return history.store().get(id).orElseThrow(() -> AlertsException.notFound("alert " + id + " not found"));
  }

  private static long id(Exchange ex) throws AlertsException {
    String raw = ex.pathParam("id");
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new AlertsException(404, "alert " + raw + " not found", e);
    }
  }

  private void acknowledge(Exchange ex) throws AlertsException, IOException {
    long id = id(ex);
    String by = field(ex, "by").orElse("api");
    AlertRecord r = history.acknowledge(id, by).orElseThrow(() -> AlertsException.notFound("alert " + id + " not found"));
    if (r.isResolved()) {
      throw new AlertsException(409, "alert " + id + " is resolved");
    }
    List<Escalation> stopped = escalations.acknowledge(r.fingerprint(), by);
    log.atInfo().addKeyValue("component", "web").addKeyValue("alert", id).addKeyValue("by", by).log("alert acknowledged");
    AlertsJson.success(ex, clock.instant(), 200, gen -> {
      gen.writeStartObject();
      gen.writeFieldName("alert");
      AlertsJson.alert(gen, r, stopped);
      gen.writeNumberField("escalationsStopped", stopped.size());
      gen.writeEndObject();
    });
  }

  private void resolve(Exchange ex) throws AlertsException, IOException {
    long id = id(ex);
    String by = field(ex, "by").orElse("api");
    AlertRecord before = find(ex);
    if (before.isResolved()) {
      throw new AlertsException(409, "alert " + id + " is already resolved");
    }
    // History first: the resolution that escalations.resolve sends into the alert store then finds
    // the record closed by hand, not by its source.
    AlertRecord r = history.resolve(id, by).orElseThrow(() -> AlertsException.notFound("alert " + id + " not found"));
    boolean wasFiring = escalations.resolve(before.fingerprint(), by);
    log.atInfo().addKeyValue("component", "web").addKeyValue("alert", id).addKeyValue("by", by).log("alert resolved by hand");
    AlertsJson.success(ex, clock.instant(), 200, gen -> {
      gen.writeStartObject();
      gen.writeFieldName("alert");
      AlertsJson.alert(gen, r, List.of());
      gen.writeBooleanField("resolutionSent", wasFiring);
      gen.writeEndObject();
    });
  }

  private void test(Exchange ex) throws AlertsException, IOException {
    String receiver = field(ex, "receiver").orElseThrow(() -> AlertsException.badRequest("receiver is required"));
    List<ReceiverTester.Result> results =
        tester.test(receiver).orElseThrow(() -> AlertsException.notFound("unknown receiver \"" + receiver + "\""));
    long failed = results.stream().filter(r -> !r.delivered()).count();
    AlertsJson.Data data = gen -> {
      gen.writeStartObject();
      gen.writeStringField("receiver", receiver);
      gen.writeArrayFieldStart("results");
      for (ReceiverTester.Result r : results) {
        gen.writeStartObject();
        gen.writeStringField("integration", r.integration());
        gen.writeBooleanField("success", r.delivered());
        if (!r.delivered()) {
          gen.writeStringField("error", r.error());
          gen.writeBooleanField("retryable", r.retryable());
        }
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    };
    if (results.isEmpty()) {
      AlertsJson.failure(ex, clock.instant(), 400, "receiver \"" + receiver + "\" has no integrations", Optional.of(data));
    } else if (failed > 0) {
      AlertsJson.failure(ex, clock.instant(), 502, failed + " of " + results.size() + " integrations failed", Optional.of(data));
    } else {
      AlertsJson.success(ex, clock.instant(), 200, data);
    }
  }

  // A field of a JSON body, or else a form or query parameter.
  private static Optional<String> field(Exchange ex, String name) throws AlertsException, IOException {
    String type = ex.header("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      byte[] body;
      try {
        body = ex.readBody(MAX_BODY);
      } catch (ApiException e) {
        throw new AlertsException(413, e.getMessage(), e);
      }
      if (body.length > 0) {
        JsonNode node;
        try {
          node = JSON.readTree(body);
        } catch (IOException e) {
          throw new AlertsException(400, "invalid JSON body: " + e.getMessage(), e);
        }
        JsonNode v = node.path(name);
        if (v.isTextual() && !v.asText().isBlank()) {
          return Optional.of(v.asText());
        }
      }
    }
    return text(ex, name);
  }

  private static Optional<String> text(Exchange ex, String name) throws AlertsException {
    try {
      String v = ex.param(name);
      return v.isBlank() ? Optional.empty() : Optional.of(v);
    } catch (ApiException e) {
      throw new AlertsException(400, e.getMessage(), e);
    }
  }

  private static int integer(Exchange ex, String name, int dflt) throws AlertsException {
    Optional<String> v = text(ex, name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new AlertsException(400, name + " must be a whole number, got \"" + v.get() + "\"", e);
    }
  }

  /** A time as RFC 3339 or Unix seconds, as Prometheus' API takes them. */
  private static Optional<Instant> time(Exchange ex, String name) throws AlertsException {
    Optional<String> v = text(ex, name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(v.get()).toInstant());
    } catch (DateTimeParseException e) {
      try {
        BigDecimal seconds = new BigDecimal(v.get());
        return Optional.of(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()));
      } catch (NumberFormatException | ArithmeticException ne) {
        throw new AlertsException(400, "invalid " + name + " \"" + v.get() + "\": use RFC 3339 or Unix seconds", ne);
      }
    }
  }
}
