package io.watchkeeper.ingest.textformat;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The 211 parser cases of the OpenMetrics project (shared/conformance/openmetrics/parsers): the
 * strict parser must agree with every verdict; the lenient one (Prometheus' behaviour) must accept
 * every valid case.
 */
class OpenMetricsConformanceTest {
  private static final Pattern SHOULD_PARSE = Pattern.compile("\"shouldParse\"\\s*:\\s*(true|false)");

  record Case(String name, byte[] input, boolean shouldParse) {}

  static List<Case> cases() {
    Path dir = ConformanceData.dir("openmetrics/parsers");
    List<Case> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(dir)) {
      for (Path d : dirs.sorted().toList()) {
        String json = Files.readString(d.resolve("test.json"));
        Matcher m = SHOULD_PARSE.matcher(json);
        if (!m.find()) {
          throw new AssertionError("no shouldParse in " + d);
        }
        out.add(new Case(d.getFileName().toString(), Files.readAllBytes(d.resolve("metrics")), Boolean.parseBoolean(m.group(1))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Null if the whole input parses (labels decoded, as a scrape does for new series), else the error. */
  static ParseException parseAll(Parser p, byte[] input) {
    p.reset(input, input.length);
    Labels.Builder b = Labels.builder();
    try {
      Entry e;
      while ((e = p.next()) != Entry.EOF) {
        if (e == Entry.SERIES) {
          p.labels(b);
        }
      }
      return null;
    } catch (ParseException e) {
      return e;
    }
  }

  @TestFactory
  Stream<DynamicTest> strictParserAgreesWithEveryVerdict() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      ParseException e = parseAll(new OpenMetricsParser(true), c.input());
      if (c.shouldParse()) {
        assertThat(e).as("%s should parse", c.name()).isNull();
      } else {
        assertThat(e).as("%s should be rejected", c.name()).isNotNull();
      }
    }));
  }

  @Test
  void strictParserPassesAll211Cases() {
    List<Case> cases = cases();
    List<String> failed = new ArrayList<>();
    for (Case c : cases) {
      boolean parsed = parseAll(new OpenMetricsParser(true), c.input()) == null;
      if (parsed != c.shouldParse()) {
        failed.add(c.name());
      }
    }
    assertThat(cases).hasSize(211);
    assertThat(failed).as("cases that disagree with the verdict").isEmpty();
  }

  @Test
  void lenientParserAcceptsEveryValidCaseAndRejectsEverySyntaxError() {
    List<String> acceptedBad = new ArrayList<>();
    for (Case c : cases()) {
      boolean parsed = parseAll(new OpenMetricsParser(false), c.input()) == null;
      if (c.shouldParse()) {
        assertThat(parsed).as(c.name()).isTrue();
      } else if (parsed) {
        acceptedBad.add(c.name());
      }
    }
    // What Prometheus' parser does not check either: family-level rules, and a trailing comma.
    assertThat(acceptedBad).allMatch(n -> n.startsWith("bad_clashing_names") || n.startsWith("bad_counter_values")
        || n.startsWith("bad_exemplars_on_unallowed") || n.startsWith("bad_grouping_or_ordering") || n.startsWith("bad_histograms")
        || n.startsWith("bad_info_and_stateset") || n.startsWith("bad_stateset_info") || n.startsWith("bad_metadata_in_wrong_place")
        || n.startsWith("bad_missing_or_invalid_labels_for_a_type") || n.startsWith("bad_repeated_metadata") || n.startsWith("bad_unit")
        || n.equals("bad_missing_or_extra_commas_2") || n.equals("bad_exemplars_6") || n.equals("bad_exemplar_complex_chars"),
        "only family-level rules are relaxed");
    assertThat(acceptedBad).hasSize(78); // of the 167 invalid cases; all 44 valid ones are accepted
  }
}
