package io.watchkeeper.query.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Labels;
import io.watchkeeper.query.engine.PromqlCorpusRunner.Outcome;
import io.watchkeeper.query.engine.PromqlCorpusRunner.Status;
import io.watchkeeper.query.parser.AggregateExpr;
import io.watchkeeper.query.parser.BinaryExpr;
import io.watchkeeper.query.parser.Call;
import io.watchkeeper.query.parser.DurationParamsExpr;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.ExtendedSelector;
import io.watchkeeper.query.parser.FillExpr;
import io.watchkeeper.query.parser.MatrixSelector;
import io.watchkeeper.query.parser.ParenExpr;
import io.watchkeeper.query.parser.PromqlParser;
import io.watchkeeper.query.parser.SubqueryExpr;
import io.watchkeeper.query.parser.UnaryExpr;
import io.watchkeeper.query.parser.VectorSelector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs Prometheus' PromQL test corpus (conformance/promql at the repository root, issue 3) through the engine:
 * prints one line per file and a total, and fails only on a regression against
 * {@code known-failures.txt} (one {@code file:line reason} per line). Native-histogram cases,
 * start timestamps and experimental features the engine does not implement are skipped.
 */
class PromqlCorpusTest {
  /** Relative to the module directory, where Maven runs tests. */
  private static final Path CORPUS = Path.of("../conformance/promql");

  @Test
  void corpusHasNoRegressions() throws IOException {
    assertThat(Files.isDirectory(CORPUS))
        .as("PromQL corpus not found at %s (it is part of the repository: conformance/)", CORPUS.toAbsolutePath().normalize())
        .isTrue();
    Map<String, String> known = knownFailures();
    List<Outcome> all = new ArrayList<>();
    for (String dir : List.of("testdata", "testdata-v2.42.0")) {
      // Each directory encodes its Prometheus version's semantics (FORMAT.md section 12).
      QueryEngineOptions.Dialect dialect =
          dir.equals("testdata") ? QueryEngineOptions.Dialect.PROMETHEUS_3 : QueryEngineOptions.Dialect.PROMETHEUS_2;
      try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withParallelism(1).withDialect(dialect))) {
        PromqlCorpusRunner runner = new PromqlCorpusRunner(engine, PromqlParser::parseExpr, PromqlCorpusTest::skipReason);
        for (Path file : files(CORPUS.resolve(dir))) {
          String name = dir + "/" + file.getFileName();
          List<Outcome> outcomes = runner.run(name, PromqlTestScript.parse(Files.readString(file)));
          System.out.println(summary(name, outcomes));
          all.addAll(outcomes);
        }
      }
    }
    System.out.println(summary("promql corpus", all) + " eval commands");
    Map<String, Long> skips = new TreeMap<>();
    all.stream().filter(o -> o.status() == Status.SKIPPED).forEach(o -> skips.merge(o.reason(), 1L, Long::sum));
    System.out.println("promql corpus skipped: " + skips);
    List<String> regressions = new ArrayList<>();
    for (Outcome o : all) {
      if (o.status() == Status.FAILED && !known.containsKey(o.key())) {
        regressions.add(o.key() + " " + o.expr() + " -- " + o.reason());
      }
      if (o.status() == Status.PASSED && known.containsKey(o.key())) {
        System.out.println("now passing (remove from known-failures.txt): " + o.key());
      }
    }
    assertThat(regressions).as("evals failing that known-failures.txt does not list").isEmpty();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
  }

  private static String summary(String name, List<Outcome> outcomes) {
    long passed = outcomes.stream().filter(o -> o.status() == Status.PASSED).count();
    long failed = outcomes.stream().filter(o -> o.status() == Status.FAILED).count();
    long skipped = outcomes.stream().filter(o -> o.status() == Status.SKIPPED).count();
    return String.format(Locale.ROOT, "%s: %d passed, %d failed, %d skipped of %d", name, passed, failed, skipped, outcomes.size());
  }

  private static Map<String, String> knownFailures() throws IOException {
    Map<String, String> known = new LinkedHashMap<>();
    try (InputStream in = PromqlCorpusTest.class.getResourceAsStream("known-failures.txt")) {
      if (in == null) {
        return known;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          int sp = l.indexOf(' ');
          known.put(sp < 0 ? l : l.substring(0, sp), sp < 0 ? "" : l.substring(sp + 1));
        }
      }
    }
    return known;
  }

  /** Native histograms, and experimental features the engine does not implement. */
  static Optional<String> skipReason(Expr e, List<Labels> histogramSeries) {
    return switch (e) {
      case Call c when c.function().experimental() && !Functions.isSupported(c.function().name()) ->
          Optional.of("experimental function " + c.function().name());
      case ExtendedSelector x -> Optional.of("experimental " + x.mode().keyword() + " range selector");
      case VectorSelector vs when histogramSeries.stream().anyMatch(l -> vs.matchers().stream().allMatch(m -> m.matches(l))) ->
          Optional.of("native histograms");
      default -> children(e).stream().map(c -> skipReason(c, histogramSeries)).flatMap(Optional::stream).findFirst();
    };
  }

  private static List<Expr> children(Expr e) {
    return switch (e) {
      case Call c -> c.args();
      case AggregateExpr a -> a.param().isPresent() ? List.of(a.param().get(), a.expr()) : List.of(a.expr());
      case BinaryExpr b -> List.of(b.lhs(), b.rhs());
      case UnaryExpr u -> List.of(u.expr());
      case ParenExpr p -> List.of(p.expr());
      case SubqueryExpr s -> List.of(s.expr());
      case MatrixSelector m -> List.of(m.selector());
      case DurationParamsExpr d -> List.of(d.expr());
      case FillExpr f -> List.of(f.binary());
      default -> List.of();
    };
  }
}
