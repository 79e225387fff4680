package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.AddressResolver;
import io.watchkeeper.probe.net.TlsSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seeds' registration → login → dashboard journey against a small app on loopback. */
class JourneyProberTest {
  private final Map<String, String> users = new ConcurrentHashMap<>();
  private final AtomicBoolean loginBroken = new AtomicBoolean();
  private TestHttpServer app;
  private final OneShotCheck checks = new OneShotCheck(new Probers(AddressResolver.SYSTEM,
      () -> new InetSocketAddress("127.0.0.1", 53), "Watchkeeper/test", new SplittableRandom(7)), InstantSource.system(),
      System::nanoTime);

  @BeforeEach
  void start() {
    app = TestHttpServer.http()
        .on("/api/register", ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String email = body.replaceAll(".*\"email\":\"([^\"]+)\".*", "$1");
          users.put(email, "pw");
          ex.getResponseHeaders().add("Content-Type", "application/json");
          TestHttpServer.respond(ex, 201, "{\"success\":true,\"data\":{\"id\":\"u-" + users.size() + "\",\"email\":\"" + email + "\"}}");
        })
        .on("/api/login", ex -> {
          if (loginBroken.get()) {
            TestHttpServer.respond(ex, 401, "{\"success\":false}");
            return;
          }
          ex.getResponseHeaders().add("Set-Cookie", "session=s-42; Path=/; HttpOnly");
          TestHttpServer.respond(ex, 200, "{\"success\":true,\"data\":{\"token\":\"tok-123\"}}");
        })
        .on("/api/dashboard", ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          String cookie = ex.getRequestHeaders().getFirst("Cookie");
          boolean ok = "Bearer tok-123".equals(auth) && "session=s-42".equals(cookie)
              && ex.getRequestURI().getQuery().equals("user=u-1");
          TestHttpServer.respond(ex, ok ? 200 : 403, ok ? "Welcome to your dashboard" : "forbidden");
        });
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private JourneySpec journey() {
    Map<String, Extraction> fromRegister = new LinkedHashMap<>();
    fromRegister.put("user_id", Extraction.json("$.data.id"));
    Map<String, Extraction> fromLogin = new LinkedHashMap<>();
    fromLogin.put("token", Extraction.json("$.data.token"));
    fromLogin.put("session", new Extraction(Extraction.Source.HEADER, "Set-Cookie", Optional.of("session=([^;]+)")));
    JourneyStep register = new JourneyStep("register", new HttpRequestSpec("POST", app.url("/api/register"),
        Map.of("Content-Type", "application/json"), Optional.of("{\"email\":\"${email}\",\"password\":\"pw\"}"), HttpAuth.NONE),
        HttpExpectations.status(201), fromRegister, true);
    JourneyStep login = new JourneyStep("login", new HttpRequestSpec("POST", app.url("/api/login"), Map.of(),
        Optional.of("{\"email\":\"${email}\"}"), HttpAuth.NONE), HttpExpectations.status(200), fromLogin, true);
    JourneyStep dashboard = new JourneyStep("dashboard", new HttpRequestSpec("GET", app.url("/api/dashboard?user=${user_id}"),
        Map.of("Authorization", "Bearer ${token}", "Cookie", "session=${session}"), Optional.empty(), HttpAuth.NONE),
        new HttpExpectations(Set.of(200), List.of("Welcome"), List.of(), List.of(), List.of(), List.of(), Map.of()), Map.of(), true);
    return new JourneySpec(List.of(register, login, dashboard), Map.of("email", "synthetic+${__random}@example.com"),
        TlsSettings.DEFAULT, AddressPreference.DEFAULT, 1 << 20);
  }

  private OneShotCheck.Report run(JourneySpec spec) throws InterruptedException {
    return checks.run(new MonitorConfig("signup", Duration.ofMinutes(5), Duration.ofSeconds(10), 0, 1, 1, LatencyThresholds.NONE,
        Map.of(), spec));
  }

  @Test
  void carriesValuesFromStepToStep() throws Exception {
    OneShotCheck.Report r = run(journey());

    assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
    assertThat(r.result().message()).startsWith("3 steps passed in ");
    assertThat(users.keySet()).singleElement().satisfies(e -> assertThat(e).matches("synthetic\\+[0-9a-f]{16}@example\\.com"));
    assertThat(r.samples()).filteredOn(s -> s.name().equals("probe_journey_step_success"))
        .extracting(s -> s.label("step") + "=" + s.value()).containsExactly("register=1.0", "login=1.0", "dashboard=1.0");
    assertThat(r.samples()).filteredOn(s -> s.name().equals("probe_http_status_code"))
        .extracting(s -> s.label("step") + "=" + s.value()).containsExactly("register=201.0", "login=200.0", "dashboard=200.0");
    assertThat(r.value("probe_journey_steps_passed")).hasValue(3);
  }

  @Test
  void stopsAtTheFirstFailingStepAndSaysWhich() throws Exception {
    loginBroken.set(true);

    OneShotCheck.Report r = run(journey());

    assertThat(r.result().verdict()).isEqualTo(Status.UNHEALTHY);
    assertThat(r.result().message()).isEqualTo("step 2 of 3 \"login\" failed: expected status 200, got 401");
    assertThat(r.samples()).filteredOn(s -> s.name().equals("probe_journey_step_success"))
        .extracting(s -> s.label("step") + "=" + s.value()).containsExactly("register=1.0", "login=0.0");
    assertThat(r.value("probe_journey_steps_passed")).hasValue(1);
  }

  @Test
  void aValueThatCannotBeExtractedFailsTheStep() throws Exception {
    JourneySpec base = journey();
    JourneyStep login = base.steps().get(1);
    JourneyStep broken = new JourneyStep("login", login.request(), login.expect(), Map.of("token", Extraction.json("$.data.jwt")),
        true);
    JourneySpec spec = new JourneySpec(List.of(base.steps().get(0), broken, base.steps().get(2)), base.variables(), base.tls(),
        base.ip(), base.bodySizeLimitBytes());

    OneShotCheck.Report r = run(spec);

    assertThat(r.result().message()).isEqualTo("step 2 of 3 \"login\" failed: cannot extract token: JSON path $.data.jwt not found in the response");
  }

  @Test
  void aVariableNobodySetFailsTheStepWithoutShowingValues() throws Exception {
    JourneySpec base = journey();
    JourneySpec spec = new JourneySpec(List.of(base.steps().get(2)), Map.of(), base.tls(), base.ip(), base.bodySizeLimitBytes());

    OneShotCheck.Report r = run(spec);

    assertThat(r.result().message()).startsWith("step 1 of 1 \"dashboard\" failed: variable ${user_id} is not set");
  }
}
