package io.watchkeeper.ingest.scrape;

import static io.watchkeeper.ingest.scrape.StoredSamples.Point;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.ingest.relabel.RelabelAction;
import io.watchkeeper.ingest.relabel.RelabelConfig;
import io.watchkeeper.ingest.relabel.Relabeler;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Metadata;
import io.watchkeeper.model.MetricType;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetAppenderTest {
  private static final Labels TARGET = Labels.of("job", "api", "instance", "10.0.0.1:8080");
  private static final String TEXT = "text/plain; version=0.0.4";
  private static final String OM = "application/openmetrics-text; version=1.0.0";

  private final InMemoryStorage db = new InMemoryStorage();
  private final CountingAppendable storage = new CountingAppendable(db);
  private final AtomicLong nanos = new AtomicLong();

  private TargetAppender appender(TargetAppender.Options options) {
    return new TargetAppender(TARGET, options, nanos::get);
  }

  private ScrapeResult scrape(TargetAppender a, String body, long t) {
    return scrape(a, body, TEXT, t);
  }

  private ScrapeResult scrape(TargetAppender a, String body, String contentType, long t) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    long start = nanos.get();
    nanos.addAndGet(250_000_000); // the scrape "takes" 250 ms
    return a.appendScrape(storage, b, b.length, contentType, t, start);
  }

  private static Labels labelsWith(String... nameAndPairs) {
    Labels.Builder b = TARGET.toBuilder().set("__name__", nameAndPairs[0]);
    for (int i = 1; i < nameAndPairs.length; i += 2) {
      b.set(nameAndPairs[i], nameAndPairs[i + 1]);
    }
    return b.build();
  }

  private List<Point> stored(String... nameAndPairs) {
    return StoredSamples.series(db, labelsWith(nameAndPairs));
  }

  @Test
  void appendsSamplesWithTargetLabelsAndReportSeries() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    ScrapeResult r = scrape(a, "# TYPE requests_total counter\nrequests_total{code=\"200\"} 10\nrequests_total{code=\"500\"} 1\ntemp 21.5\n", 1000);
    assertThat(r.isUp()).isTrue();
    assertThat(r.samplesScraped()).isEqualTo(3);
    assertThat(r.samplesPostRelabel()).isEqualTo(3);
    assertThat(r.seriesAdded()).isEqualTo(3);
    assertThat(r.durationSeconds()).isEqualTo(0.25);
    assertThat(stored("requests_total", "code", "200")).containsExactly(new Point(1000, "10.0"));
    assertThat(stored("temp")).containsExactly(new Point(1000, "21.5"));
    assertThat(stored("up")).containsExactly(new Point(1000, "1.0"));
    assertThat(stored("scrape_duration_seconds")).containsExactly(new Point(1000, "0.25"));
    assertThat(stored("scrape_samples_scraped")).containsExactly(new Point(1000, "3.0"));
    assertThat(stored("scrape_samples_post_metric_relabeling")).containsExactly(new Point(1000, "3.0"));
    assertThat(stored("scrape_series_added")).containsExactly(new Point(1000, "3.0"));
    assertThat(storage.commits.get()).isEqualTo(1);
  }

  @Test
  void cachedSeriesAreAppendedByReferenceWithoutLabels() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    String body = "a{x=\"1\"} 1\na{x=\"2\"} 2\nb 3\n";
    scrape(a, body, 1000);
    assertThat(storage.byRef.get()).isZero();
    storage.reset();
    ScrapeResult second = scrape(a, body.replace(" 1\n", " 11\n"), 2000);
    assertThat(storage.byRef.get()).isEqualTo(3);
    assertThat(storage.byLabels.get()).isEqualTo(5); // only the report series carry labels
    assertThat(second.seriesAdded()).isZero();
    assertThat(stored("a", "x", "1")).containsExactly(new Point(1000, "1.0"), new Point(2000, "11.0"));
    assertThat(a.cachedSeries()).isEqualTo(3);
  }

  @Test
  void disappearedSeriesGetAStaleMarkerAtTheNextScrape() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    scrape(a, "a 1\nb 2\n", 1000);
    ScrapeResult r = scrape(a, "a 1\n", 2000);
    assertThat(r.staleMarkers()).isEqualTo(1);
    assertThat(stored("b")).containsExactly(new Point(1000, "2.0"), new Point(2000, "stale"));
    ScrapeResult r3 = scrape(a, "a 1\n", 3000);
    assertThat(r3.staleMarkers()).isZero();
    assertThat(a.cachedSeries()).isEqualTo(1);
    scrape(a, "a 1\nb 5\n", 4000);
    assertThat(stored("b")).containsExactly(new Point(1000, "2.0"), new Point(2000, "stale"), new Point(4000, "5.0"));
  }

  @Test
  void failedScrapeMarksEverythingStaleAndReportsDown() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    scrape(a, "a 1\nb 2\n", 1000);
    ScrapeResult failed = a.appendFailedScrape(storage, "server returned HTTP status 500", 2000, nanos.get());
    assertThat(failed.isUp()).isFalse();
    assertThat(failed.staleMarkers()).isEqualTo(2);
    assertThat(stored("a")).containsExactly(new Point(1000, "1.0"), new Point(2000, "stale"));
    assertThat(stored("up")).containsExactly(new Point(1000, "1.0"), new Point(2000, "0.0"));
    assertThat(stored("scrape_samples_scraped")).containsExactly(new Point(1000, "2.0"), new Point(2000, "0.0"));
    ScrapeResult failedAgain = a.appendFailedScrape(storage, "again", 3000, nanos.get());
    assertThat(failedAgain.staleMarkers()).isZero();
    ScrapeResult back = scrape(a, "a 1\nb 2\n", 4000);
    assertThat(back.isUp()).isTrue();
    assertThat(back.staleMarkers()).isZero();
    assertThat(stored("a")).containsExactly(new Point(1000, "1.0"), new Point(2000, "stale"), new Point(4000, "1.0"));
  }

  @Test
  void malformedBodyFailsTheScrapeAndRollsItsSamplesBack() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    scrape(a, "a 1\nb 2\n", 1000);
    ScrapeResult r = scrape(a, "a 7\nc 3\nb{x=} 2\n", 2000);
    assertThat(r.isUp()).isFalse();
    assertThat(r.error()).isEqualTo("cannot parse Prometheus text exposition: line 3, column 5: expected '\"' to start the value of label \"x\", found '}'");
    assertThat(storage.rollbacks.get()).isEqualTo(1);
    assertThat(stored("a")).containsExactly(new Point(1000, "1.0"), new Point(2000, "stale"));
    assertThat(stored("c")).isEmpty();
    assertThat(stored("up")).containsExactly(new Point(1000, "1.0"), new Point(2000, "0.0"));
    assertThat(stored("scrape_samples_scraped")).last().isEqualTo(new Point(2000, "2.0"));
    ScrapeResult ok = scrape(a, "a 8\nc 3\n", 3000);
    assertThat(ok.isUp()).isTrue();
    assertThat(ok.staleMarkers()).isZero();
    assertThat(stored("c")).containsExactly(new Point(3000, "3.0"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      invalid value          | text | 'ok 1\nb x\n'                 | line 2, column 3: invalid value "x"
      repeated label         | text | 'ok 1\nb{c="1",c="2"} 1\n'    | line 2, column 9: duplicate label name "c"
      no final line feed     | text | 'ok 1\nb 1'                   | line 2, column 4: unexpected end of input
      unterminated labels    | text | 'ok 1\nb{c="1" 1\n'           | line 2, column 9: expected ',' or '}'
      bad timestamp          | text | 'ok 1\nb 1 1.5\n'             | line 2, column 5: invalid timestamp "1.5"
      blank line             | om   | 'ok 1\n\n# EOF\n'             | line 2, column 1: blank lines are not allowed
      text after EOF         | om   | 'ok 1\n# EOF\nmore\n'         | line 3, column 1: unexpected data after "# EOF"
      bad exemplar           | om   | 'ok_total 1 # {a="b"} x\n# EOF\n' | line 1, column 22: invalid exemplar value "x"
      """)
  void malformedBodiesFailTheScrapeWithPositionAndKeepStoredData(String what, String format, String body, String error) {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    String contentType = format.equals("om") ? OM : TEXT;
    String good = format.equals("om") ? "ok 1\n# EOF\n" : "ok 1\n";
    assertThat(scrape(a, good, contentType, 1000).isUp()).isTrue();
    ScrapeResult r = scrape(a, body.replace("\\n", "\n"), contentType, 2000);
    assertThat(r.isUp()).isFalse();
    assertThat(r.error()).startsWith("cannot parse").contains(error);
    assertThat(stored("ok")).containsExactly(new Point(1000, "1.0"), new Point(2000, "stale"));
    assertThat(stored("up")).containsExactly(new Point(1000, "1.0"), new Point(2000, "0.0"));
  }

  @Test
  void invalidUtf8InALabelValueFailsTheScrape() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    byte[] body = {'m', '{', 'a', '=', '"', (byte) 0xC3, '"', '}', ' ', '1', '\n'};
    ScrapeResult r = a.appendScrape(storage, body, body.length, TEXT, 1000, 0);
    assertThat(r.error()).isEqualTo("cannot parse Prometheus text exposition: line 1, column 6: label value is not valid UTF-8");
  }

  @Test
  void explicitTimestampsAreHonouredAndExemptFromStaleness() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    scrape(a, "a 1 500\nb 2\n", 1000);
    ScrapeResult r = scrape(a, "c 1\n", 2000);
    assertThat(r.staleMarkers()).isEqualTo(1);
    assertThat(stored("a")).containsExactly(new Point(500, "1.0"));
    assertThat(stored("b")).containsExactly(new Point(1000, "2.0"), new Point(2000, "stale"));
  }

  @Test
  void honorTimestampsFalseUsesTheScrapeTime() {
    TargetAppender a = appender(new TargetAppender.Options(false, false, Relabeler.NONE, 0, 0, 0, 0));
    scrape(a, "a 1 500\n", 1000);
    ScrapeResult r = scrape(a, "b 1\n", 2000);
    assertThat(stored("a")).containsExactly(new Point(1000, "1.0"), new Point(2000, "stale"));
    assertThat(r.staleMarkers()).isEqualTo(1);
  }

  @Test
  void conflictingLabelsAreExportedUnlessHonoured() {
    String body = "m{job=\"exposed\",instance=\"i\",exported_job=\"x\"} 1\n";
    scrape(appender(TargetAppender.Options.DEFAULT), body, 1000);
    assertThat(StoredSamples.metric(db, "m").keySet()).containsExactly(Labels.of(
        "__name__", "m", "job", "api", "instance", "10.0.0.1:8080",
        "exported_job", "x", "exported_exported_job", "exposed", "exported_instance", "i"));

    InMemoryStorage db2 = new InMemoryStorage();
    TargetAppender honoring = new TargetAppender(TARGET, new TargetAppender.Options(true, true, Relabeler.NONE, 0, 0, 0, 0), nanos::get);
    byte[] b = "m{job=\"exposed\"} 1\n".getBytes(StandardCharsets.UTF_8);
    honoring.appendScrape(db2, b, b.length, TEXT, 1000, 0);
    assertThat(StoredSamples.metric(db2, "m").keySet()).containsExactly(Labels.of(
        "__name__", "m", "job", "exposed", "instance", "10.0.0.1:8080"));
  }

  @Test
  void metricRelabellingDropsAndRewritesNewSeriesOnly() {
    Relabeler r = Relabeler.compile(List.of(
        RelabelConfig.builder().action(RelabelAction.DROP).sourceLabels("__name__").regex("go_.*").build(),
        RelabelConfig.builder().sourceLabels("code").regex("(\\d)..").targetLabel("class").replacement("${1}xx").build()));
    TargetAppender a = appender(new TargetAppender.Options(false, true, r, 0, 0, 0, 0));
    String body = "go_goroutines 10\nhttp_total{code=\"503\"} 4\n";
    ScrapeResult first = scrape(a, body, 1000);
    assertThat(first.samplesScraped()).isEqualTo(2);
    assertThat(first.samplesPostRelabel()).isEqualTo(1);
    assertThat(StoredSamples.metric(db, "go_goroutines")).isEmpty();
    assertThat(stored("http_total", "code", "503", "class", "5xx")).containsExactly(new Point(1000, "4.0"));
    storage.reset();
    ScrapeResult second = scrape(a, body, 2000);
    assertThat(second.samplesPostRelabel()).isEqualTo(1);
    assertThat(storage.byLabels.get()).isEqualTo(5); // dropped and kept series both came from the cache
    assertThat(a.cachedSeries()).isEqualTo(2);
  }

  @Test
  void relabellingAwayTheMetricNameFailsTheScrape() {
    Relabeler r = Relabeler.compile(List.of(RelabelConfig.builder().action(RelabelAction.LABELDROP).regex("__name__").build()));
    ScrapeResult res = scrape(appender(new TargetAppender.Options(false, true, r, 0, 0, 0, 0)), "a 1\n", 1000);
    assertThat(res.error()).startsWith("missing metric name (__name__ label)");
  }

  @Test
  void sampleLimitFailsTheScrapeButCountsEverySample() {
    TargetAppender a = appender(new TargetAppender.Options(false, true, Relabeler.NONE, 2, 0, 0, 0));
    ScrapeResult ok = scrape(a, "a 1\nb 1\n", 1000);
    assertThat(ok.isUp()).isTrue();
    ScrapeResult r = scrape(a, "a 1\nb 1\nc 1\nd 1\n", 2000);
    assertThat(r.isUp()).isFalse();
    assertThat(r.error()).isEqualTo("sample limit exceeded: 4 samples after relabelling, limit 2");
    assertThat(r.samplesScraped()).isEqualTo(4);
    assertThat(stored("c")).isEmpty();
    assertThat(stored("a")).containsExactly(new Point(1000, "1.0"), new Point(2000, "stale"));
    assertThat(stored("up")).last().isEqualTo(new Point(2000, "0.0"));
  }

  @Test
  void labelLimitsFailTheScrape() {
    String body = "m{a=\"1\",b=\"22\"} 1\n";
    assertThat(scrape(appender(new TargetAppender.Options(false, true, Relabeler.NONE, 0, 4, 0, 0)), body, 1000).error())
        .isEqualTo("label_limit exceeded (metric: m, number of labels: 5, limit: 4)");
    assertThat(scrape(appender(new TargetAppender.Options(false, true, Relabeler.NONE, 0, 0, 3, 0)), body, 1000).error())
        .isEqualTo("label_name_length_limit exceeded (metric: m, label name: __name__, length: 8, limit: 3)");
    assertThat(scrape(appender(new TargetAppender.Options(false, true, Relabeler.NONE, 0, 0, 0, 12)), body, 1000).error())
        .isEqualTo("label_value_length_limit exceeded (metric: m, label name: instance, value: \"10.0.0.1:8080\", length: 13, limit: 12)");
    assertThat(scrape(appender(new TargetAppender.Options(false, true, Relabeler.NONE, 0, 5, 8, 13)), body, 1000).isUp()).isTrue();
  }

  @Test
  void storageRejectionsAreCountedNotFatal() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    scrape(a, "a 1 5000\n", 6000);
    long future = 7000 + TargetAppender.MAX_AHEAD_MILLIS + 1;
    ScrapeResult r = scrape(a, "a 2 4000\nb 1\nb 2\nf 1 " + future + "\n", 7000);
    assertThat(r.isUp()).isTrue();
    assertThat(r.rejections()).containsExactlyInAnyOrderEntriesOf(Map.of(
        AppendException.Reason.OUT_OF_ORDER, 1,
        AppendException.Reason.DUPLICATE_SAMPLE, 1,
        AppendException.Reason.OUT_OF_BOUNDS, 1));
    assertThat(r.rejected()).isEqualTo(3);
    assertThat(stored("b")).containsExactly(new Point(7000, "1.0"));
  }

  @Test
  void forgottenReferencesAreAppendedAgainByLabels() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    scrape(a, "a{x=\"1\"} 1\n", 1000);
    storage.forgetRefs = true;
    ScrapeResult r = scrape(a, "a{x=\"1\"} 2\n", 2000);
    assertThat(r.isUp()).isTrue();
    assertThat(r.rejected()).isZero();
    assertThat(stored("a", "x", "1")).containsExactly(new Point(1000, "1.0"), new Point(2000, "2.0"));
  }

  @Test
  void endOfRunMarksEverySeriesAndTheReportSeriesStale() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    scrape(a, "a 1\nb 2 500\n", 1000);
    int n = a.appendStaleMarkers(storage, 16000);
    assertThat(n).isEqualTo(6); // a and the five report series; b has its own timestamp
    assertThat(stored("a")).containsExactly(new Point(1000, "1.0"), new Point(16000, "stale"));
    assertThat(stored("up")).containsExactly(new Point(1000, "1.0"), new Point(16000, "stale"));
    assertThat(stored("b")).containsExactly(new Point(500, "2.0"));
    assertThat(a.appendStaleMarkers(storage, 17000)).isZero();
  }

  @Test
  void metadataFollowsTheExposition() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    String om = """
        # TYPE rpc_seconds histogram
        # UNIT rpc_seconds seconds
        # HELP rpc_seconds RPC latency.
        rpc_seconds_bucket{le="+Inf"} 5
        rpc_seconds_count 5
        rpc_seconds_sum 1.5
        rpc_seconds_created 1520430000
        # EOF
        """;
    ScrapeResult r = scrape(a, om, OM, 1000);
    assertThat(r.isUp()).isTrue();
    assertThat(r.samplesScraped()).isEqualTo(4);
    assertThat(a.metadata()).containsExactly(Map.entry("rpc_seconds", new Metadata(MetricType.HISTOGRAM, "RPC latency.", "seconds")));
    scrape(a, om.replace("RPC latency.", "New help."), OM, 2000);
    assertThat(a.metadata().get("rpc_seconds").help()).isEqualTo("New help.");
    for (int t = 3; t <= 12; t++) { // kept for 10 scrapes after it was last seen
      scrape(a, "other 1\n# EOF\n", OM, t * 1000L);
    }
    assertThat(a.metadata()).containsKey("rpc_seconds");
    scrape(a, "other 1\n# EOF\n", OM, 13_000);
    assertThat(a.metadata()).isEmpty();
  }

  @Test
  void openMetricsWithoutEofFailsTheScrape() {
    ScrapeResult r = scrape(appender(TargetAppender.Options.DEFAULT), "a 1\n", OM, 1000);
    assertThat(r.error()).isEqualTo("cannot parse OpenMetrics exposition: line 2, column 1: unexpected end of input: OpenMetrics text must end with \"# EOF\"");
  }

  @Test
  void reloadWithNewOptionsKeepsTheCache() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    scrape(a, "a 1\nb 1\n", 1000);
    TargetAppender b = a.withOptions(new TargetAppender.Options(false, true, Relabeler.NONE, 100, 0, 0, 0));
    storage.reset();
    ScrapeResult r = scrape(b, "a 1\n", 2000);
    assertThat(storage.byRef.get()).isEqualTo(1 + 1); // a, and b's stale marker
    assertThat(r.staleMarkers()).isEqualTo(1);
  }

  @Test
  void cacheShrinksWhenSeriesGoAway() {
    TargetAppender a = appender(TargetAppender.Options.DEFAULT);
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      big.append("m{i=\"").append(i).append("\"} 1\n");
    }
    scrape(a, big.toString(), 1000);
    assertThat(a.cachedSeries()).isEqualTo(5000);
    ScrapeResult r = scrape(a, "m{i=\"1\"} 1\n", 2000);
    assertThat(r.staleMarkers()).isEqualTo(4999);
    assertThat(a.cachedSeries()).isEqualTo(1);
  }
}
