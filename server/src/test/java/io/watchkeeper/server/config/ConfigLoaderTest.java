package io.watchkeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.ingest.relabel.RelabelAction;
import io.watchkeeper.ingest.scrape.ScrapeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of("SCRAPE_PASSWORD", "s3cret"));

  private static String resource(String name) throws IOException {
    try (InputStream in = ConfigLoaderTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void loadsAPrometheusConfigUnchangedAndWarnsAboutWhatItIgnores() throws Exception {
    LoadedConfig loaded = loader.parse("full.good.yaml", Path.of("/etc/wk"), resource("full.good.yaml"));
    WatchkeeperConfig c = loaded.config();
    assertThat(c.global().scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.global().evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.global().externalLabels().get("region")).isEqualTo("eu-west");
    assertThat(c.ruleFiles()).containsExactly(Path.of("/etc/wk/rules/*.yml"));
    assertThat(c.scrapeConfigs()).extracting(ScrapeConfig::jobName).containsExactly("prometheus", "api", "node");

    ScrapeConfig prom = c.scrapeConfigs().get(0);
    assertThat(prom.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(prom.scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(prom.metricsPath()).isEqualTo("/metrics");
    assertThat(prom.honorTimestamps()).isTrue();

    ScrapeConfig api = c.scrapeConfigs().get(1);
    assertThat(api.scrapeInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(api.scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(api.scheme()).isEqualTo("https");
    assertThat(api.metricsPath()).isEqualTo("/api/metrics");
    assertThat(api.params()).containsEntry("module", List.of("http_2xx"));
    assertThat(api.honorLabels()).isTrue();
    assertThat(api.sampleLimit()).isEqualTo(10000);
    assertThat(api.bodySizeLimitBytes()).isEqualTo(10L << 20);
    assertThat(api.basicAuth()).hasValueSatisfying(b -> {
      assertThat(b.username()).isEqualTo("scraper");
      assertThat(b.password().reveal()).isEqualTo("s3cret");
      assertThat(b.password().toString()).isEqualTo("<secret>");
    });
    assertThat(api.httpClient().tls().caFile()).isEqualTo("/etc/wk/ca.pem");
    assertThat(api.httpClient().tls().serverName()).isEqualTo("api.internal");
    assertThat(api.staticConfigs().get(0).targets()).containsExactly("api-1:8443", "api-2:8443");
    assertThat(api.staticConfigs().get(0).labels()).containsEntry("env", "prod");
    assertThat(api.fileSdConfigs().get(0).files()).containsExactly("/etc/wk/targets/*.json");
    assertThat(api.fileSdConfigs().get(0).refreshInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(api.relabelConfigs()).hasSize(2);
    assertThat(api.relabelConfigs().get(0).replacement()).isEqualTo("${1}");
    assertThat(api.relabelConfigs().get(0).separator()).isEqualTo(";");
    assertThat(api.relabelConfigs().get(1).action()).isEqualTo(RelabelAction.LABELDROP);
    assertThat(api.metricRelabelConfigs().get(0).action()).isEqualTo(RelabelAction.DROP);

    ScrapeConfig node = c.scrapeConfigs().get(2);
    assertThat(node.httpClient().authorization()).hasValueSatisfying(a -> {
      assertThat(a.type()).isEqualTo("Bearer");
      assertThat(a.credentials().reveal()).isEqualTo("token-123");
    });

    assertThat(c.storage().retention()).isEqualTo(Duration.ofDays(30));
    assertThat(c.storage().outOfOrderWindow()).isEqualTo(Duration.ofHours(1));

    assertThat(loaded.warnings()).containsExactlyInAnyOrder(
        "full.good.yaml:3:3: global: not supported yet, ignored: query_log_file",
        "full.good.yaml:23:5: scrape_configs[1]: not supported yet, ignored: kubernetes_sd_configs",
        "full.good.yaml:2:1: (top level): not supported yet, ignored: alerting");
  }

  @ParameterizedTest
  @ValueSource(strings = {"negative_interval", "many_problems", "syntax", "unknown_top", "missing_env"})
  void reportsEveryProblemWithFileLineAndPath(String name) throws Exception {
    String file = name + ".bad.yaml";
    List<String> expected = resource(name + ".bad.txt").lines().toList();
    assertThatThrownBy(() -> loader.parse(file, Path.of("/etc/wk"), resource(file)))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyElementsOf(expected));
  }

  @Test
  void readsSecretsFromFilesAndTimeoutDefaultsToTheInterval(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("token"), "from-file\n");
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, """
        global: {scrape_interval: 5s}
        scrape_configs:
          - job_name: a
            authorization: {credentials_file: token}
            static_configs: [{targets: ['x:1']}]
        """);
    WatchkeeperConfig c = loader.load(cfg).config();
    assertThat(c.scrapeConfigs().get(0).httpClient().authorization().orElseThrow().credentials().reveal())
        .isEqualTo("from-file");
    assertThat(c.scrapeConfigs().get(0).scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aMissingFileSaysWhatToCheck(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir.resolve("nope.yml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.yml: cannot read configuration file")
        .hasMessageContaining("--config");
  }

  @Test
  void anEmptyFileIsAnEmptyConfig() throws Exception {
    assertThat(loader.parse("empty.yml", Path.of("."), "").config().scrapeConfigs()).isEmpty();
  }
}
