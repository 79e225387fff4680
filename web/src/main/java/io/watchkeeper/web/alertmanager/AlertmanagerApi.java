package io.watchkeeper.web.alertmanager;

import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.web.api.ApiErrors;
import io.watchkeeper.web.api.BuildInfo;
import io.watchkeeper.web.api.Exchange;
import io.watchkeeper.web.api.Route;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * Alertmanager's HTTP API v2 as {@link Route routes} for {@code io.watchkeeper.web.WebServer}:
 *
 * <ul>
 *   <li>{@code POST /api/v2/alerts}, {@code GET /api/v2/alerts} (params {@code filter}, {@code
 *       active}, {@code silenced}, {@code inhibited}, {@code unprocessed}, {@code receiver}), {@code
 *       GET /api/v2/alerts/groups};
 *   <li>{@code GET/POST /api/v2/silences} ({@code filter}), {@code GET/DELETE
 *       /api/v2/silence/{silenceID}};
 *   <li>{@code GET /api/v2/status}, {@code GET /api/v2/receivers}.
 * </ul>
 *
 * JSON shapes and error answers are Alertmanager 0.25's (checked with {@code amtool}). The server
 * adds {@link #routes()} to the web server's routes:
 *
 * <pre>{@code
 * AlertmanagerApi am = new AlertmanagerApi(alerting, buildInfo, startTime, InstantSource.system());
 * List<Route> routes = concat(prometheusApi.routes(), am.routes());
 * }</pre>
 *
 * Thread-safe.
 */
public final class AlertmanagerApi {
  /** The largest {@code POST /api/v2/alerts} body: room for a flood of 100,000 alerts. */
  public static final long MAX_ALERTS_BODY_BYTES = 256L << 20;

  private static final Set<String> GET = Set.of("GET");
  private static final Set<String> GET_POST = Set.of("GET", "POST");
  private static final Set<String> GET_DELETE = Set.of("GET", "DELETE");

  private final List<Route> routes;

  /**
   * @param alerting the notification side
   * @param build what {@code versionInfo} reports
   * @param startTime what {@code uptime} reports (Alertmanager reports its start time there)
   */
  public AlertmanagerApi(NotificationManager alerting, BuildInfo build, Instant startTime, InstantSource clock) {
    AlertEndpoints alerts = new AlertEndpoints(alerting, clock, MAX_ALERTS_BODY_BYTES);
    SilenceEndpoints silences = new SilenceEndpoints(alerting, clock);
    ApiErrors.Style json = ApiErrors.Style.JSON;
    this.routes = List.of(
        new Route("/api/v2/alerts", GET_POST, json, true, ex -> {
          if (ex.method().equals("POST")) {
            alerts.post(ex);
          } else {
            alerts.list(ex);
          }
        }),
        new Route("/api/v2/alerts/groups", GET, json, true, alerts::groups),
        new Route("/api/v2/silences", GET_POST, json, true, ex -> {
          if (ex.method().equals("POST")) {
            silences.post(ex);
          } else {
            silences.list(ex);
          }
        }),
        new Route("/api/v2/silence/{silenceID}", GET_DELETE, json, true, ex -> {
          if (ex.method().equals("DELETE")) {
            silences.delete(ex);
          } else {
            silences.get(ex);
          }
        }),
        new Route("/api/v2/status", GET, json, true, ex -> status(ex, alerting, build, startTime)),
        new Route("/api/v2/receivers", GET, json, true, ex -> receivers(ex, alerting)));
  }

  /** The routes to serve. */
  public List<Route> routes() {
    return routes;
  }

  private static void status(Exchange ex, NotificationManager alerting, BuildInfo build, Instant startTime) throws IOException {
    String original = alerting.config().original();
    AmJson.respond(ex, 200, gen -> {
      gen.writeStartObject();
      gen.writeObjectFieldStart("cluster");
      gen.writeArrayFieldStart("peers");
      gen.writeEndArray();
      gen.writeStringField("status", "disabled");
      gen.writeEndObject();
      gen.writeObjectFieldStart("config");
      gen.writeStringField("original", original);
      gen.writeEndObject();
      gen.writeStringField("uptime", AmJson.time(startTime));
      gen.writeObjectFieldStart("versionInfo");
      gen.writeStringField("branch", build.branch());
      gen.writeStringField("buildDate", build.buildDate());
      gen.writeStringField("buildUser", build.buildUser());
      gen.writeStringField("goVersion", build.runtimeVersion());
      gen.writeStringField("revision", build.revision());
      gen.writeStringField("version", build.version());
      gen.writeEndObject();
      gen.writeEndObject();
    });
  }

  private static void receivers(Exchange ex, NotificationManager alerting) throws IOException {
    List<String> names = alerting.receiverNames();
    AmJson.respond(ex, 200, gen -> {
      gen.writeStartArray();
      for (String n : names) {
        gen.writeStartObject();
        gen.writeStringField("name", n);
        gen.writeEndObject();
      }
      gen.writeEndArray();
    });
  }
}
