package io.watchkeeper.ingest.textformat;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MetricType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text-format fixtures of shared/conformance/textformat, with the verdicts of its README. */
class TextFormatConformanceTest {
  private static Path fixture(String path) {
    return ConformanceData.dir("textformat").resolve(path);
  }

  /** Parses everything; returns the distinct series' labels in order of first appearance. */
  private static Map<Labels, Double> parse(Parser p, byte[] input) throws ParseException {
    p.reset(input, input.length);
    Map<Labels, Double> series = new LinkedHashMap<>();
    Labels.Builder b = Labels.builder();
    Entry e;
    while ((e = p.next()) != Entry.EOF) {
      if (e == Entry.SERIES) {
        p.labels(b);
        series.put(b.build(), p.value());
      }
    }
    return series;
  }

  @TestFactory
  Stream<DynamicTest> fuzzCorpusVerdictsHoldInStrictMode() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(fixture("prometheus-common-expfmt/fuzz-corpus"))) {
      files = s.sorted().toList();
    }
    assertThat(files).hasSize(26);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      boolean valid = !f.getFileName().toString().startsWith("from_test_parse_error");
      byte[] input = Files.readAllBytes(f);
      ParseException error = OpenMetricsConformanceTest.parseAll(new PrometheusTextParser(true), input);
      if (valid) {
        assertThat(error).as("valid input").isNull();
        assertThat(OpenMetricsConformanceTest.parseAll(new PrometheusTextParser(false), input)).as("lenient").isNull();
      } else {
        assertThat(error).as("invalid input").isNotNull();
      }
    }));
  }

  @ParameterizedTest
  @CsvSource({
    "prometheus-textparse/alltypes.237mfs.prom.txt, 1857",
    "prometheus-textparse/alltypes.237mfs.nometa.prom.txt, 1857",
    "prometheus-common-expfmt/testdata/text, 248",
    "promtool/metrics-test.prom, 27",
  })
  void bigValidFilesParseWithTheExpectedSeriesCounts(String path, int series) throws Exception {
    byte[] input = Files.readAllBytes(fixture(path));
    assertThat(parse(new PrometheusTextParser(false), input)).hasSize(series);
    assertThat(parse(new PrometheusTextParser(true), input)).hasSize(series);
  }

  @Test
  void gzippedFixtureEqualsThePlainOne() throws Exception {
    byte[] plain = Files.readAllBytes(fixture("prometheus-common-expfmt/testdata/text"));
    byte[] unzipped;
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(fixture("prometheus-common-expfmt/testdata/text.gz")))) {
      unzipped = in.readAllBytes();
    }
    assertThat(parse(new PrometheusTextParser(), unzipped)).isEqualTo(parse(new PrometheusTextParser(), plain));
  }

  @Test
  void promtoolFixtureHasTheUpstreamCardinalities() throws Exception {
    byte[] input = Files.readAllBytes(fixture("promtool/metrics-test.prom"));
    Parser p = new PrometheusTextParser().reset(input, input.length);
    Map<String, Integer> perFamily = new LinkedHashMap<>();
    Map<String, MetricType> types = new LinkedHashMap<>();
    String family = "";
    Entry e;
    while ((e = p.next()) != Entry.EOF) {
      if (e == Entry.TYPE) {
        family = p.metricName();
        types.put(family, p.type());
      } else if (e == Entry.SERIES) {
        assertThat(p.metricName()).startsWith(family);
        perFamily.merge(family, 1, Integer::sum);
      }
    }
    assertThat(perFamily).containsExactlyInAnyOrderEntriesOf(Map.of(
        "prometheus_tsdb_compaction_chunk_size_bytes", 15,
        "go_gc_duration_seconds", 7,
        "net_conntrack_dialer_conn_attempted_total", 4,
        "go_info", 1));
    assertThat(types.get("prometheus_tsdb_compaction_chunk_size_bytes")).isEqualTo(MetricType.HISTOGRAM);
    assertThat(types.get("go_gc_duration_seconds")).isEqualTo(MetricType.SUMMARY);
  }

  @Test
  void alltypesSamplesHaveTheirValues() throws Exception {
    byte[] input = Files.readAllBytes(fixture("prometheus-textparse/alltypes.237mfs.prom.txt"));
    Map<Labels, Double> series = parse(new PrometheusTextParser(), input);
    // Every value line of the file round-trips through our float parser like Double.parseDouble.
    String text = Files.readString(fixture("prometheus-textparse/alltypes.237mfs.prom.txt"));
    Set<Double> expected = new HashSet<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String v = line.substring(line.lastIndexOf(' ') + 1);
        expected.add(v.equals("+Inf") ? Double.POSITIVE_INFINITY : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v));
      }
    }
    assertThat(new HashSet<>(series.values())).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"prometheus-textparse/alltypes.5mfs.om.txt, 53", "prometheus-textparse/1histogram.om.txt, 42"})
  void openMetricsFixturesParseLeniently(String path, int series) throws Exception {
    byte[] input = Files.readAllBytes(fixture(path));
    assertThat(parse(new OpenMetricsParser(false), input)).hasSize(series);
  }

  @Test
  void strictOpenMetricsRejectsTheNegativeHistogramSumThatPrometheusAccepts() throws Exception {
    byte[] input = Files.readAllBytes(fixture("prometheus-textparse/alltypes.5mfs.om.txt"));
    ParseException e = OpenMetricsConformanceTest.parseAll(new OpenMetricsParser(true), input);
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("_sum").contains("negative");
    byte[] one = Files.readAllBytes(fixture("prometheus-textparse/1histogram.om.txt"));
    assertThat(OpenMetricsConformanceTest.parseAll(new OpenMetricsParser(true), one)).isNull();
  }
}
