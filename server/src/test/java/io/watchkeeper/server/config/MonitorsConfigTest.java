package io.watchkeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.probe.DnsSpec;
import io.watchkeeper.probe.Extraction;
import io.watchkeeper.probe.GroupSpec;
import io.watchkeeper.probe.HttpAuth;
import io.watchkeeper.probe.HttpSpec;
import io.watchkeeper.probe.JourneySpec;
import io.watchkeeper.probe.JsonAssertion;
import io.watchkeeper.probe.LatencyThresholds;
import io.watchkeeper.probe.MonitorConfig;
import io.watchkeeper.probe.PostgresSpec;
import io.watchkeeper.probe.RedisSpec;
import io.watchkeeper.probe.TcpSpec;
import io.watchkeeper.probe.dns.DnsRecordType;
import io.watchkeeper.probe.net.IpFamily;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorsConfigTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of("PROBE_PASSWORD", "pw$1"));
  @TempDir Path dir;

  private static String resource(String name) throws IOException {
    try (InputStream in = MonitorsConfigTest.class.getResourceAsStream("monitors/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private List<MonitorConfig> loadGood() throws Exception {
    Files.writeString(dir.resolve("redis.password"), resource("redis.password"));
    Path file = dir.resolve("watchkeeper.yml");
    Files.writeString(file, resource("full.good.yaml"));
    return loader.load(file).config().monitors();
  }

  private static MonitorConfig named(List<MonitorConfig> all, String name) {
    return all.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void bindsEveryTypeOfTheSeeds() throws Exception {
    List<MonitorConfig> all = loadGood();

    assertThat(all).extracting(MonitorConfig::name).containsExactly("api", "frontend", "database", "redis", "ssh", "mx", "telnyx",
        "retell", "calendar", "supabase", "external_apis", "signup");
    MonitorConfig api = named(all, "api");
    assertThat(api.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(api.failureThreshold()).isEqualTo(2);
    assertThat(api.thresholds()).isEqualTo(LatencyThresholds.of(Duration.ofMillis(200), Duration.ofMillis(1000)));
    assertThat(api.labels()).containsEntry("severity", "critical").containsEntry("team", "platform");
    HttpSpec apiSpec = (HttpSpec) api.spec();
    assertThat(apiSpec.expect().statusCodes()).containsExactly(200);
    assertThat(apiSpec.expect().json()).containsExactly(new JsonAssertion("$.data.database", Optional.of("healthy"), Optional.empty()),
        JsonAssertion.exists("$.version"));
    assertThat(apiSpec.expect().headers()).containsEntry("Content-Type", "json");
  }

  @Test
  void httpOptions() throws Exception {
    HttpSpec frontend = (HttpSpec) named(loadGood(), "frontend").spec();

    assertThat(frontend.request().method()).isEqualTo("HEAD");
    assertThat(frontend.followRedirects()).isFalse();
    assertThat(frontend.expect().statusCodes()).hasSize(101).contains(200, 299, 301);
    assertThat(frontend.ip().preferred()).isEqualTo(IpFamily.IP6);
    assertThat(frontend.ip().fallback()).isFalse();
    assertThat(frontend.tls().insecureSkipVerify()).isTrue();
    assertThat(frontend.certExpiryWarningDays()).isEqualTo(30);
    assertThat(frontend.bodySizeLimitBytes()).isEqualTo(1 << 20);
    assertThat(((HttpAuth.Basic) frontend.request().auth()).password().reveal()).isEqualTo("pw$1");
  }

  @Test
  void targetsBecomeSpecsWithCredentialsTakenOut() throws Exception {
    List<MonitorConfig> all = loadGood();

    PostgresSpec db = (PostgresSpec) named(all, "database").spec();
    assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/crm?sslmode=require");
    assertThat(db.user()).isEqualTo("monitor");
    assertThat(db.password().reveal()).isEqualTo("p@ss");
    assertThat(db.writeTest()).isTrue();
    assertThat(db.poolSize()).isEqualTo(4);
    // neither sets thresholds: so they get the seeds' defaults
    assertThat(named(all, "database").thresholds()).isEqualTo(LatencyThresholds.of(Duration.ofMillis(200), Duration.ofMillis(1000)));
    assertThat(named(all, "redis").thresholds()).isEqualTo(LatencyThresholds.of(Duration.ofMillis(100), Duration.ofMillis(500)));
    RedisSpec redis = (RedisSpec) named(all, "redis").spec();
    assertThat(redis).isEqualTo(new RedisSpec("cache.internal", 6380, 2, "", io.watchkeeper.model.Secret.of("redis-s3cret"), true, true));
    assertThat(named(all, "ssh").spec()).isEqualTo(TcpSpec.of("bastion.internal", 22));
    DnsSpec mx = (DnsSpec) named(all, "mx").spec();
    assertThat(mx.recordType()).isEqualTo(DnsRecordType.MX);
    assertThat(mx.server()).contains("2001:db8::53");
    assertThat(mx.serverPort()).isEqualTo(5353);
    assertThat(mx.tcp()).isTrue();
    assertThat(mx.expect().answers()).containsExactly("10 mail.example.com");
  }

  @Test
  void retriesAndFailureAndRecoveryThresholdsBind() throws Exception {
    List<MonitorConfig> all = loadGood();

    MonitorConfig ssh = named(all, "ssh");
    assertThat(ssh.retries()).isEqualTo(2);
    assertThat(ssh.failureThreshold()).isEqualTo(3);
    assertThat(ssh.recoveryThreshold()).isEqualTo(4);
    MonitorConfig mx = named(all, "mx"); // sets none of them
    assertThat(mx.retries()).isZero();
    assertThat(mx.failureThreshold()).isEqualTo(MonitorConfig.DEFAULT_FAILURE_THRESHOLD);
    assertThat(mx.recoveryThreshold()).isEqualTo(MonitorConfig.DEFAULT_RECOVERY_THRESHOLD);
  }

  @Test
  void groupsAndJourneys() throws Exception {
    List<MonitorConfig> all = loadGood();

    assertThat(named(all, "external_apis").spec()).isEqualTo(new GroupSpec(List.of("telnyx", "retell", "calendar", "supabase"), 1, 3));
    JourneySpec signup = (JourneySpec) named(all, "signup").spec();
    assertThat(signup.variables()).containsEntry("email", "synthetic+${__random}@example.com");
    assertThat(signup.steps()).extracting(s -> s.name()).containsExactly("register", "login", "dashboard");
    // journey variables stay for run time; environment variables are expanded now, their $ escaped
    assertThat(signup.steps().get(0).request().body()).contains("{\"email\": \"${email}\", \"password\": \"pw$$1\"}");
    assertThat(signup.steps().get(1).extract()).containsEntry("session",
        new Extraction(Extraction.Source.HEADER, "Set-Cookie", Optional.of("session=([^;]+)")));
    assertThat(signup.steps().get(2).request().url()).isEqualTo("https://app.example.com/dashboard?user=${user_id}");
    assertThat(signup.steps().get(2).request().headers()).containsEntry("Authorization", "Bearer ${token}");
    assertThat(named(all, "signup").interval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void reportsEveryMistakeWithFileLineAndColumn() throws Exception {
    String text = resource("many_problems.bad.yaml");
    List<String> expected = resource("many_problems.bad.txt").lines().toList();

    assertThatThrownBy(() -> loader.parse("many_problems.bad.yaml", dir, text))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyElementsOf(expected));
  }

  @Test
  void noMonitorsSectionLoadsNothing() throws Exception {
    assertThat(loader.parse("w.yml", dir, "global:\n  scrape_interval: 15s\n").config().monitors()).isEmpty();
  }

  @Test
  void defaultsComeFromTheRecordsAndTimeoutFitsTheInterval() throws Exception {
    List<MonitorConfig> m = loader.parse("w.yml", dir, """
        monitors:
          - {name: a, type: http, url: "http://a/"}
          - {name: b, type: tcp, target: "b:1", interval: 5s}
        """).config().monitors();

    assertThat(m.get(0).interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(m.get(0).timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(m.get(0).failureThreshold()).isEqualTo(2);
    assertThat(m.get(0).retries()).isZero();
    assertThat(m.get(0).recoveryThreshold()).isEqualTo(1);
    assertThat(m.get(0).thresholds()).isEqualTo(LatencyThresholds.NONE);
    assertThat(m.get(1).timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void postgresAndRedisWithoutThresholdsGetTheSeedsLatencyDefaults() throws Exception {
    List<MonitorConfig> m = loader.parse("w.yml", dir, """
        monitors:
          - {name: db, type: postgres, target: "postgresql://u@db:5432/app"}
          - {name: cache, type: redis, target: "redis://cache:6379"}
          - {name: fast_db, type: postgres, target: "postgresql://u@db:5432/app", thresholds: {degraded: 50ms}}
        """).config().monitors();

    assertThat(m.get(0).thresholds()).isEqualTo(LatencyThresholds.of(Duration.ofMillis(200), Duration.ofMillis(1000)));
    assertThat(m.get(1).thresholds()).isEqualTo(LatencyThresholds.of(Duration.ofMillis(100), Duration.ofMillis(500)));
    // a thresholds: block replaces the defaults whole: what it leaves out is not checked
    assertThat(m.get(2).thresholds()).isEqualTo(new LatencyThresholds(Optional.of(Duration.ofMillis(50)), Optional.empty()));
  }

  @Test
  void aVariableOnlyALaterStepSetsIsAnError() {
    assertThatThrownBy(() -> loader.parse("w.yml", dir, """
        monitors:
          - name: j
            type: journey
            steps:
              - {name: one, url: "http://a/${token}"}
              - {name: two, url: "http://a/login", extract: {token: {json: $.token}}}
        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "w.yml:5:26: monitors[0].steps[0].url: ${token} is extracted only by a later step; steps run in order"));
  }
}
