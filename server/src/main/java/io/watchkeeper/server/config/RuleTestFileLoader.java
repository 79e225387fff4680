package io.watchkeeper.server.config;

import io.watchkeeper.model.Labels;
import io.watchkeeper.rules.unittest.RuleTestFile;
import io.watchkeeper.rules.unittest.RuleTestGroup;
import io.watchkeeper.rules.unittest.RuleTestGroup.AlertTestCase;
import io.watchkeeper.rules.unittest.RuleTestGroup.ExpectedAlert;
import io.watchkeeper.rules.unittest.RuleTestGroup.ExpectedSample;
import io.watchkeeper.rules.unittest.RuleTestGroup.ExprTestCase;
import io.watchkeeper.rules.unittest.RuleTestGroup.InputSeries;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code promtool test rules} files into {@link RuleTestFile}s, strictly as promtool does
 * (unknown keys are errors): {@code rule_files} resolved against the test file's directory, {@code
 * evaluation_interval} (default 1m), {@code group_eval_order}, {@code fuzzy_compare}, and {@code
 * tests} with {@code interval}, {@code input_series}, {@code alert_rule_test}, {@code
 * promql_expr_test}, {@code external_labels}, {@code external_url}, {@code start_timestamp} (unix
 * seconds or RFC 3339) and {@code name}. Values are taken literally. Stateless and thread-safe.
 */
public final class RuleTestFileLoader {
  private static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);

  /** Loads a test file. */
  public RuleTestFile load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read test file: " + e.getMessage()));
    }
    // promtool joins rule file paths to the test file's directory as given (relative stays relative)
    Path dir = file.getParent();
    return parse(file.toString(), dir == null ? Path.of("") : dir, text);
  }

  /** Parses test file text; relative rule file paths resolve against {@code baseDir}. */
  public RuleTestFile parse(String source, Path baseDir, String text) throws ConfigException {
    YamlNode root = YamlTreeReader.read(source, text);
    Binder binder = Binder.literal(source, baseDir);
    if (!(root instanceof YamlNode.MapNode map)) {
      throw new ConfigException(List.of(source + ":" + root.location().line() + ":" + root.location().column()
          + ": a rule test file must be a map (rule_files, tests, ...), got " + root.kind()));
    }
    Section top = new Section(binder, "", map);
    List<String> ruleFiles = new ArrayList<>();
    for (String f : top.strings("rule_files")) {
      ruleFiles.add(f.isEmpty() || Path.of(f).isAbsolute() ? f : baseDir.resolve(f).normalize().toString());
    }
    Duration evaluationInterval = top.duration("evaluation_interval", false).filter(d -> !d.isZero())
        .orElse(DEFAULT_EVALUATION_INTERVAL);
    List<String> order = top.strings("group_eval_order");
    boolean fuzzy = top.bool("fuzzy_compare", false);
    List<RuleTestGroup> tests = new ArrayList<>();
    for (Section t : top.sections("tests")) {
      tests.add(testGroup(t));
    }
    top.finish(Set.of());
    if (!binder.errors().isEmpty()) {
      throw new ConfigException(binder.errors());
    }
    return new RuleTestFile(source, ruleFiles, evaluationInterval, order, fuzzy, tests);
  }

  private static RuleTestGroup testGroup(Section t) {
    String name = t.string("name", "");
    Optional<Duration> interval = t.duration("interval", false).filter(d -> !d.isZero());
    List<InputSeries> input = new ArrayList<>();
    for (Section s : t.sections("input_series")) {
      input.add(new InputSeries(s.string("series", ""), s.string("values", "")));
      s.finish(Set.of());
    }
    List<AlertTestCase> alerts = new ArrayList<>();
    for (Section a : t.sections("alert_rule_test")) {
      alerts.add(alertTest(a));
    }
    List<ExprTestCase> exprs = new ArrayList<>();
    for (Section e : t.sections("promql_expr_test")) {
      exprs.add(exprTest(e));
    }
    Labels external = Labels.of(t.stringMap("external_labels"));
    String externalUrl = t.string("external_url", "");
    Instant start = t.string("start_timestamp").map(v -> timestamp(t, v)).orElse(Instant.EPOCH);
    t.finish(Set.of());
    return new RuleTestGroup(name, interval, input, alerts, exprs, external, externalUrl, start);
  }

  private static AlertTestCase alertTest(Section a) {
    Duration evalTime = a.duration("eval_time", false).orElse(Duration.ZERO);
    String alertname = a.string("alertname", "");
    List<ExpectedAlert> expected = new ArrayList<>();
    for (Section x : a.sections("exp_alerts")) {
      Map<String, String> labels = x.stringMap("exp_labels");
      Map<String, String> annotations = x.stringMap("exp_annotations");
      x.finish(Set.of());
      expected.add(new ExpectedAlert(labels, annotations));
    }
    a.finish(Set.of());
    return new AlertTestCase(evalTime, alertname, expected);
  }

  private static ExprTestCase exprTest(Section e) {
    String expr = e.string("expr", "");
    Duration evalTime = e.duration("eval_time", false).orElse(Duration.ZERO);
    List<ExpectedSample> samples = new ArrayList<>();
    for (Section s : e.sections("exp_samples")) {
      String labels = s.string("labels", "");
      double value = s.string("value").map(v -> number(s, v)).orElse(0.0);
      String histogram = s.string("histogram", "");
      s.finish(Set.of());
      samples.add(new ExpectedSample(labels, value, histogram));
    }
    e.finish(Set.of());
    return new ExprTestCase(expr, evalTime, samples);
  }

  /** A YAML float ({@code 1}, {@code -2.5e3}, {@code .inf}, {@code .nan}). */
  private static double number(Section s, String v) {
    String t = v.strip().toLowerCase(Locale.ROOT);
    switch (t) {
      case ".inf", "+.inf", "inf", "+inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-.inf", "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case ".nan", "nan" -> {
        return Double.NaN;
      }
      default -> {
        try {
          return Double.parseDouble(t.replace("_", ""));
        } catch (NumberFormatException e) {
          s.error("value", "cannot unmarshal \"" + v + "\" into a float");
          return 0;
        }
      }
    }
  }

  /** promtool's start_timestamp: unix seconds (possibly fractional) or RFC 3339. */
  private static Instant timestamp(Section t, String v) {
    try {
      BigDecimal seconds = new BigDecimal(v.strip());
      return Instant.ofEpochSecond(0).plusNanos(seconds.movePointRight(9).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      try {
        return OffsetDateTime.parse(v.strip()).toInstant();
      } catch (DateTimeParseException ex) {
        t.error("start_timestamp", "cannot parse \"" + v + "\" as a unix timestamp or RFC 3339 time");
        return Instant.EPOCH;
      }
    }
  }
}
