package io.watchkeeper.ingest.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.ingest.relabel.RelabelAction;
import io.watchkeeper.ingest.relabel.RelabelConfig;
import io.watchkeeper.ingest.relabel.Relabeler;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetBuilderTest {
  static ScrapeConfig config(String job) {
    return ScrapeConfigs.builder(job).build();
  }

  private static TargetBuilder.Outcome populate(String address, Labels group, ScrapeConfig cfg, RelabelConfig... steps) {
    return TargetBuilder.populate(Labels.of("__address__", address), group, cfg, Relabeler.compile(List.of(steps)));
  }

  @Test
  void addsDefaultsAndInstance() {
    var out = (TargetBuilder.Active) populate("10.0.0.1:9100", Labels.of("env", "prod", "__meta_x", "m"), config("node"));
    Target t = out.target();
    assertThat((Object) t.discoveredLabels()).isEqualTo(Labels.of(
        "__address__", "10.0.0.1:9100", "env", "prod", "__meta_x", "m", "job", "node", "__scrape_interval__", "15s",
        "__scrape_timeout__", "10s", "__metrics_path__", "/metrics", "__scheme__", "http"));
    assertThat((Object) t.publicLabels()).isEqualTo(Labels.of("env", "prod", "job", "node", "instance", "10.0.0.1:9100"));
    assertThat(t.labels().has("__meta_x")).isFalse();
    assertThat(t.url()).isEqualTo("http://10.0.0.1:9100/metrics");
    assertThat(t.interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void targetLabelsWinOverGroupLabels() {
    TargetBuilder.Outcome o = TargetBuilder.populate(Labels.of("__address__", "a:1", "env", "t"), Labels.of("env", "g"), config("j"), Relabeler.NONE);
    assertThat(((TargetBuilder.Active) o).target().publicLabels().get("env")).isEqualTo("t");
  }

  @ParameterizedTest
  @CsvSource({"localhost, http, localhost:80", "localhost, https, localhost:443", "[::1], http, [::1]:80", "host:9100, https, host:9100"})
  void defaultPortFollowsTheScheme(String address, String scheme, String expected) {
    ScrapeConfig cfg = ScrapeConfigs.builder("j").scheme(scheme).build();
    Target t = ((TargetBuilder.Active) populate(address, Labels.EMPTY, cfg)).target();
    assertThat(t.labels().get("__address__")).isEqualTo(expected);
    assertThat(t.publicLabels().get("instance")).isEqualTo(expected);
    assertThat(t.url()).startsWith(scheme + "://" + expected + "/");
  }

  @Test
  void paramsMakeTheQueryAndParamLabelsOverrideTheFirstValue() {
    ScrapeConfig cfg = ScrapeConfigs.builder("blackbox").params(Map.of("module", List.of("http_2xx", "extra"), "target", List.of("x y")))
        .metricsPath("/probe").build();
    RelabelConfig copy = RelabelConfig.builder().sourceLabels("__address__").targetLabel("__param_target").build();
    RelabelConfig address = RelabelConfig.builder().targetLabel("__address__").replacement("exporter:9115").build();
    Target t = ((TargetBuilder.Active) populate("https://example.com/a?b", Labels.EMPTY, cfg, copy, address)).target();
    assertThat(t.url()).isEqualTo("http://exporter:9115/probe?module=http_2xx&module=extra&target=https%3A%2F%2Fexample.com%2Fa%3Fb");
    assertThat(t.publicLabels().get("instance")).isEqualTo("exporter:9115");
  }

  @Test
  void relabellingCanDropTargets() {
    RelabelConfig drop = RelabelConfig.builder().action(RelabelAction.DROP).sourceLabels("env").regex("dev").build();
    var o = populate("a:1", Labels.of("env", "dev"), config("j"), drop);
    assertThat(o).isInstanceOf(TargetBuilder.Dropped.class);
    assertThat(((TargetBuilder.Dropped) o).dropped().discoveredLabels().get("env")).isEqualTo("dev");
    assertThat(((TargetBuilder.Dropped) o).dropped().scrapePool()).isEqualTo("j");
  }

  @Test
  void perTargetIntervalAndTimeoutFromLabels() {
    RelabelConfig interval = RelabelConfig.builder().targetLabel("__scrape_interval__").replacement("1m").build();
    Target t = ((TargetBuilder.Active) populate("a:1", Labels.EMPTY, config("j"), interval)).target();
    assertThat(t.interval()).isEqualTo(Duration.ofMinutes(1));
    RelabelConfig tooLong = RelabelConfig.builder().targetLabel("__scrape_timeout__").replacement("20s").build();
    assertThat(((TargetBuilder.Invalid) populate("a:1", Labels.EMPTY, config("j"), tooLong)).error())
        .isEqualTo("scrape timeout cannot be greater than scrape interval (\"20s\" > \"15s\")");
    RelabelConfig bad = RelabelConfig.builder().targetLabel("__scrape_interval__").replacement("often").build();
    assertThat(((TargetBuilder.Invalid) populate("a:1", Labels.EMPTY, config("j"), bad)).error()).contains("not a valid duration");
  }

  @Test
  void invalidAddresses() {
    assertThat(((TargetBuilder.Invalid) populate("a/b:1", Labels.EMPTY, config("j"))).error()).isEqualTo("\"a/b:1\" is not a valid hostname");
    RelabelConfig clear = RelabelConfig.builder().targetLabel("__address__").replacement("").regex(".*").build();
    assertThat(((TargetBuilder.Invalid) populate("a:1", Labels.EMPTY, config("j"), clear)).error()).isEqualTo("no address");
  }

  @Test
  void identityIsLabelsAndUrl() {
    Target a = ((TargetBuilder.Active) populate("a:1", Labels.EMPTY, config("j"))).target();
    Target b = ((TargetBuilder.Active) populate("a:1", Labels.EMPTY, config("j"))).target();
    Target c = ((TargetBuilder.Active) populate("a:2", Labels.EMPTY, config("j"))).target();
    assertThat(a.key()).isEqualTo(b.key()).isNotEqualTo(c.key());
    assertThat(a.hash()).isEqualTo(b.hash()).isNotEqualTo(c.hash());
  }
}
