package io.watchkeeper.ingest.textformat;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** Null if the whole input parses, else the error. */
  static ParseException parseAll(Parser p, byte[] input) {
    p.reset(input, input.length);
    try {
      while (p.next() != Entry.EOF) {
        // consume
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
  void lenientParserAcceptsEveryValidCase() {
    for (Case c : cases()) {
      if (c.shouldParse()) {
        assertThat(parseAll(new OpenMetricsParser(false), c.input())).as(c.name()).isNull();
      }
    }
  }
}
