package io.watchkeeper.web.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.NotificationOptions;
import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.notify.InMemoryNotificationLog;
import io.watchkeeper.alerting.notify.InMemoryOutbox;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.silence.InMemorySilenceStore;
import io.watchkeeper.web.WebOptions;
import io.watchkeeper.web.WebServer;
import io.watchkeeper.web.api.BuildInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code amtool} (package prometheus-alertmanager) against our API on 127.0.0.1: alerts
 * added and queried, silences added, queried and expired. Skipped only where amtool is not
 * installed.
 */
class AmtoolTest {
  private static final Path AMTOOL = Path.of("/usr/bin/amtool");
  private NotificationManager alerting;
  private WebServer web;

  @BeforeEach
  void start() throws IOException {
    String missing = "amtool is not installed (apt-get install prometheus-alertmanager; .ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      assertThat(Files.isExecutable(AMTOOL)).as(missing).isTrue(); // CI installs it: never skipped there
    }
    Assumptions.assumeTrue(Files.isExecutable(AMTOOL), missing);
    alerting = new NotificationManager(NotificationsConfig.of(RouteConfig.root("team"), ReceiverConfig.of("team")),
        new NotificationManager.Stores(new InMemorySilenceStore(), new InMemoryNotificationLog(), new InMemoryOutbox()),
        InstantSource.system(), new PrometheusRegistry(), NotificationOptions.defaults("http://wk"), new NotifierFactory());
    alerting.startWithoutTimers();
    AlertmanagerApi api = new AlertmanagerApi(alerting, new BuildInfo("0.1.0", "abc", "main", "ci", "20240301", "java21"),
        Instant.now(), InstantSource.system());
    web = new WebServer(WebOptions.of("127.0.0.1", 0).withStopTimeout(Duration.ZERO), api.routes(), () -> true, new PrometheusRegistry());
    web.start();
  }

  @AfterEach
  void stop() {
    if (web != null) {
      web.close();
      alerting.close();
    }
  }

  private String amtool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(AMTOOL.toString(), "--alertmanager.url=http://127.0.0.1:" + web.port()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("amtool did not finish: " + cmd);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("amtool %s said: %s", args, out).isZero();
    return out;
  }

  @Test
  void amtoolAddsAndQueriesAlerts() throws Exception {
    amtool("alert", "add", "alertname=DiskFull", "severity=warning", "instance=db-1", "--annotation=summary=disk at 95%");

    assertThat(alerting.alerts().list()).hasSize(1);
    String out = amtool("alert", "query");
    assertThat(out).contains("DiskFull").contains("disk at 95%");
    assertThat(amtool("alert", "query", "severity=critical")).doesNotContain("DiskFull");
    assertThat(amtool("-o", "json", "alert", "query")).contains("\"fingerprint\"").contains("\"instance\":\"db-1\"");
  }

  @Test
  void amtoolAddsQueriesAndExpiresSilences() throws Exception {
    amtool("alert", "add", "alertname=DiskFull", "severity=warning");
    String id = amtool("silence", "add", "alertname=DiskFull", "--comment=maintenance window", "--author=alice", "--duration=1h")
        .strip().lines().reduce((a, b) -> b).orElse(""); // after amtool's warning that our version is not 0.25

    assertThat(alerting.silences().get(id)).as("amtool printed [%s]", id).isPresent();
    assertThat(amtool("silence", "query")).contains(id).contains("alertname=\"DiskFull\"").contains("alice").contains("maintenance window");
    assertThat(amtool("alert", "query")).as("silenced alerts are hidden by default").doesNotContain("DiskFull");
    assertThat(amtool("alert", "query", "--silenced")).contains("DiskFull");

    amtool("silence", "expire", id);
    assertThat(amtool("silence", "query", "-q")).doesNotContain(id);
    assertThat(amtool("silence", "query", "--expired")).contains(id);
    assertThat(amtool("alert", "query")).contains("DiskFull");
  }

  @Test
  void amtoolShowsTheConfigurationStatus() throws Exception {
    assertThat(amtool("config", "show")).contains("version");
  }
}
