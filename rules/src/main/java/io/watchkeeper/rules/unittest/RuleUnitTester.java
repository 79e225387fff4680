package io.watchkeeper.rules.unittest;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.GoFloat;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.PromDuration;
import io.watchkeeper.model.Sample;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryValue;
import io.watchkeeper.query.Scalar;
import io.watchkeeper.query.Vector;
import io.watchkeeper.query.engine.PromqlEngine;
import io.watchkeeper.query.engine.QueryEngineOptions;
import io.watchkeeper.rules.ActiveAlert;
import io.watchkeeper.rules.AlertSink;
import io.watchkeeper.rules.AlertState;
import io.watchkeeper.rules.AlertingRule;
import io.watchkeeper.rules.Rule;
import io.watchkeeper.rules.RuleConfigException;
import io.watchkeeper.rules.RuleGroup;
import io.watchkeeper.rules.RuleHealth;
import io.watchkeeper.rules.RuleManager;
import io.watchkeeper.rules.RuleManagerOptions;
import io.watchkeeper.rules.unittest.RuleTestGroup.AlertTestCase;
import io.watchkeeper.rules.unittest.RuleTestGroup.ExpectedAlert;
import io.watchkeeper.rules.unittest.RuleTestGroup.ExpectedSample;
import io.watchkeeper.rules.unittest.RuleTestGroup.ExprTestCase;
import io.watchkeeper.rules.unittest.RuleTestGroup.InputSeries;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code promtool test rules} files with promtool's semantics: per test group a fresh storage
 * holds the input series, loaded as simulated time passes; every {@code evaluation_interval} from
 * the start to the last {@code eval_time} the rule groups are evaluated in order ({@code
 * group_eval_order} first) with alerting rules already restored; a rule error fails the group at
 * once; alert checks compare the firing alerts right after the evaluation step at or before their
 * {@code eval_time}; expression checks run at the end as instant queries. Failures read as
 * promtool prints them.
 *
 * <p>Thread-safe if the storage factory and rule file source are: each run uses its own storage,
 * engine and rule manager.
 */
public final class RuleUnitTester {
  private final Supplier<Storage> storages;
  private final RuleFileSource ruleFiles;
  private final QueryEngineOptions.Dialect dialect;

  /**
   * A tester.
   *
   * @param storages makes an empty storage for each test group (the in-memory one suits)
   * @param ruleFiles reads the rule files a test file names
   * @param dialect which Prometheus version's evaluation rules to follow
   */
  public RuleUnitTester(Supplier<Storage> storages, RuleFileSource ruleFiles, QueryEngineOptions.Dialect dialect) {
    this.storages = storages;
    this.ruleFiles = ruleFiles;
    this.dialect = dialect;
  }

  /**
   * Runs the test groups of {@code file} whose name matches {@code run} (all when empty).
   *
   * @return the failures, each as promtool prints it; empty when everything passed
   */
  public List<String> run(RuleTestFile file, Optional<Pattern> run) {
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < file.groupEvalOrder().size(); i++) {
      if (order.putIfAbsent(file.groupEvalOrder().get(i), i) != null) {
        return List.of("group name repeated in evaluation order: " + file.groupEvalOrder().get(i));
      }
    }
    List<String> failures = new ArrayList<>();
    for (RuleTestGroup group : file.tests()) {
      if (run.isPresent() && !run.get().matcher(group.name()).find()) {
        continue;
      }
      failures.addAll(new GroupRun(file, group, order).run());
    }
    return failures;
  }

  /** One test group's evaluation. Not thread-safe. */
  private final class GroupRun {
    private final RuleTestFile file;
    private final RuleTestGroup group;
    private final Map<String, Integer> order;
    private final long mint;
    private final long evalInterval;
    private final List<String> errors = new ArrayList<>();

    GroupRun(RuleTestFile file, RuleTestGroup group, Map<String, Integer> order) {
      this.file = file;
      this.group = group;
      this.order = order;
      this.mint = group.startTimestamp().toEpochMilli();
      this.evalInterval = file.evaluationInterval().toMillis();
    }

    List<String> run() {
      List<TimedSample> input;
      try {
        input = inputSamples();
      } catch (SeriesNotation.SyntaxException e) {
        return List.of(e.getMessage());
      }
      for (AlertTestCase a : group.alertRuleTests()) {
        if (a.alertname().isEmpty()) {
          return List.of("an item under alert_rule_test misses required attribute alertname at eval_time "
              + PromDuration.format(a.evalTime()) + (group.name().isEmpty() ? "" : " (in TestGroup " + group.name() + ")"));
        }
      }
      Duration interval = group.interval().orElse(file.evaluationInterval());
      QueryEngineOptions engineOptions = QueryEngineOptions.defaults().withParallelism(1).withDialect(dialect)
          .withDefaultSubqueryStep(file.evaluationInterval());
      try (Storage storage = storages.get(); PromqlEngine engine = new PromqlEngine(engineOptions)) {
        SimulatedTime time = new SimulatedTime(Instant.ofEpochMilli(mint));
        RuleManagerOptions options = RuleManagerOptions.of((expr, t) -> engine.instantQuery(storage, expr, t).value(),
            storage, storage, AlertSink.DISCARD, new PrometheusRegistry()).withScheduler(time)
            .withEvaluationInterval(interval).withExternal(group.externalLabels(), group.externalUrl());
        try (RuleManager manager = new RuleManager(options)) {
          List<RuleGroup> groups;
          try {
            groups = ordered(manager.loadGroups(ruleFiles.load(file.ruleFiles())));
          } catch (RuleConfigException e) {
            return e.problems();
          }
          if (!simulate(storage, input, groups, time)) {
            return errors;
          }
          checkExpressions(engine, storage);
        }
      }
      return errors;
    }

    private List<RuleGroup> ordered(List<RuleGroup> groups) {
      List<RuleGroup> out = new ArrayList<>(groups);
      out.sort(Comparator.comparingInt(g -> order.getOrDefault(g.name(), 0)));
      return out;
    }

    /** Evaluates every step; false when a rule failed (the group stops there, as in promtool). */
    private boolean simulate(Storage storage, List<TimedSample> input, List<RuleGroup> groups, SimulatedTime time) {
      long maxt = mint + maxEvalTime();
      List<Long> alertTimes = group.alertRuleTests().stream().map(a -> a.evalTime().toMillis()).distinct().sorted()
          .toList();
      int nextInput = 0;
      int curr = 0;
      for (long ts = mint; ts <= maxt; ts += evalInterval) {
        nextInput = appendTill(storage, input, nextInput, ts);
        time.set(Instant.ofEpochMilli(ts));
        List<String> evalErrors = new ArrayList<>();
        for (RuleGroup g : groups) {
          g.evaluate(Instant.ofEpochMilli(ts));
          for (Rule r : g.rules()) {
            if (r.health() == RuleHealth.ERR) {
              evalErrors.add("    rule: " + r.name() + ", time: " + goDuration(ts) + ", err: "
                  + r.lastError().orElse(""));
            }
          }
        }
        if (!evalErrors.isEmpty()) {
          errors.addAll(evalErrors);
          return false;
        }
        while (curr < alertTimes.size() && ts - mint <= alertTimes.get(curr)
            && alertTimes.get(curr) < ts + evalInterval - mint) {
          checkAlerts(alertTimes.get(curr), groups);
          curr++;
        }
        if (ts > Long.MAX_VALUE - evalInterval) {
          break;
        }
      }
      return true;
    }

    private long maxEvalTime() {
      long max = 0;
      for (AlertTestCase a : group.alertRuleTests()) {
        max = Math.max(max, a.evalTime().toMillis());
      }
      for (ExprTestCase e : group.promqlExprTests()) {
        max = Math.max(max, e.evalTime().toMillis());
      }
      return max;
    }

    // --- input -------------------------------------------------------------------------------

    private record TimedSample(Labels labels, long t, double v, @Nullable FloatHistogram h) {}

    private List<TimedSample> inputSamples() throws SeriesNotation.SyntaxException {
      long step = group.interval().orElse(file.evaluationInterval()).toMillis();
      List<TimedSample> out = new ArrayList<>();
      for (InputSeries s : group.inputSeries()) {
        Labels labels = SeriesNotation.parseMetric(s.series());
        List<SeriesNotation.@Nullable SequenceValue> values = SeriesNotation.parseValues(s.values());
        for (int i = 0; i < values.size(); i++) {
          SeriesNotation.SequenceValue v = values.get(i);
          if (v != null) {
            out.add(new TimedSample(labels, mint + i * step, v.value(), v.histogram()));
          }
        }
      }
      out.sort(Comparator.comparingLong(TimedSample::t));
      return out;
    }

    /** Appends the input samples up to {@code ts} (inclusive); returns the index of the next one. */
    private int appendTill(Storage storage, List<TimedSample> input, int from, long ts) {
      int i = from;
      if (i >= input.size() || input.get(i).t() > ts) {
        return i;
      }
      Appender app = storage.appender();
      for (; i < input.size() && input.get(i).t() <= ts; i++) {
        TimedSample s = input.get(i);
        try {
          if (s.h() != null) {
            app.appendHistogram(0, s.labels(), s.t(), s.h());
          } else {
            app.append(0, s.labels(), s.t(), s.v());
          }
        } catch (AppendException e) {
          errors.add("    input series " + s.labels() + " at " + goDuration(s.t()) + ": " + e.getMessage());
        }
      }
      app.commit();
      return i;
    }

    // --- alert checks ------------------------------------------------------------------------

    private record LabelsAndAnnotations(Labels labels, Labels annotations) implements Comparable<LabelsAndAnnotations> {
      @Override
      public int compareTo(LabelsAndAnnotations o) {
        int c = labels.compareTo(o.labels);
        return c != 0 ? c : annotations.compareTo(o.annotations);
      }

      @Override
      public String toString() {
        return "Labels:" + labels + "\nAnnotations:" + annotations;
      }
    }

    private void checkAlerts(long evalTime, List<RuleGroup> groups) {
      for (AlertTestCase test : group.alertRuleTests()) {
        if (test.evalTime().toMillis() != evalTime) {
          continue;
        }
        List<LabelsAndAnnotations> got = new ArrayList<>();
        for (RuleGroup g : groups) {
          for (AlertingRule r : g.alertingRules()) {
            if (!r.name().equals(test.alertname())) {
              continue;
            }
            for (ActiveAlert a : r.activeAlerts()) {
              if (a.state() == AlertState.FIRING) {
                got.add(new LabelsAndAnnotations(a.labels(), a.annotations()));
              }
            }
          }
        }
        List<LabelsAndAnnotations> exp = new ArrayList<>();
        for (ExpectedAlert e : test.expAlerts()) {
          Map<String, String> labels = new TreeMap<>(e.expLabels());
          labels.put("alertname", test.alertname());
          exp.add(new LabelsAndAnnotations(Labels.of(labels), Labels.of(e.expAnnotations())));
        }
        got.sort(null);
        exp.sort(null);
        if (!got.equals(exp)) {
          String name = group.name().isEmpty() ? "" : "    name: " + group.name() + ",\n";
          errors.add(name + "    alertname: " + test.alertname() + ", time: " + PromDuration.format(test.evalTime())
              + ", \n        exp:" + indent(listString(exp), "            ") + ", \n        got:"
              + indent(listString(got), "            "));
        }
      }
    }

    // --- expression checks -------------------------------------------------------------------

    private void checkExpressions(PromqlEngine engine, Storage storage) {
      for (ExprTestCase test : group.promqlExprTests()) {
        String prefix = "    expr: " + goQuote(test.expr()) + ", time: " + PromDuration.format(test.evalTime());
        List<Sample> got;
        try {
          got = vector(engine.instantQuery(storage, test.expr(), mint + test.evalTime().toMillis()).value());
        } catch (QueryException e) {
          errors.add(prefix + ", err: " + e.getMessage());
          continue;
        }
        List<Sample> exp = new ArrayList<>();
        try {
          for (ExpectedSample s : test.expSamples()) {
            Labels labels = SeriesNotation.parseMetric(s.labels());
            exp.add(s.histogram().isEmpty()
                ? new Sample(labels, 0, s.value())
                : new Sample(labels, 0, s.value(), SeriesNotation.parseHistogram(s.histogram())));
          }
        } catch (SeriesNotation.SyntaxException e) {
          errors.add(prefix + ", err: " + e.getMessage());
          continue;
        }
        List<Sample> gotSorted = new ArrayList<>(got);
        gotSorted.sort(Comparator.comparing(Sample::labels));
        exp.sort(Comparator.comparing(Sample::labels));
        if (!samplesEqual(exp, gotSorted, file.fuzzyCompare())) {
          errors.add(prefix + ",\n        exp: " + samplesString(exp) + "\n        got: " + samplesString(gotSorted));
        }
      }
    }

    private static List<Sample> vector(QueryValue v) throws QueryException {
      return switch (v) {
        case Vector vec -> vec.samples();
        case Scalar s -> List.of(new Sample(Labels.EMPTY, s.timestamp(), s.value()));
        default -> throw new io.watchkeeper.query.EvaluationException("rule result is not a vector or scalar");
      };
    }
  }

  // --- formatting and comparison, as promtool does them ------------------------------------

  static boolean samplesEqual(List<Sample> exp, List<Sample> got, boolean fuzzy) {
    if (exp.size() != got.size()) {
      return false;
    }
    for (int i = 0; i < exp.size(); i++) {
      if (!exp.get(i).labels().equals(got.get(i).labels())) {
        return false;
      }
      // promtool compares histograms by their test expression, and the value (0 for a histogram) too.
      if (!Objects.equals(histogramText(exp.get(i)), histogramText(got.get(i)))) {
        return false;
      }
      double x = exp.get(i).value();
      double y = got.get(i).value();
      boolean equal = x == y || (fuzzy && (Math.nextDown(x) == y || Math.nextUp(x) == y));
      if (!equal) {
        return false;
      }
    }
    return true;
  }

  static String samplesString(List<Sample> samples) {
    if (samples.isEmpty()) {
      return "nil";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < samples.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Sample s = samples.get(i);
      sb.append(s.labels()).append(' ').append(s.isHistogram() ? histogramText(s) : GoFloat.formatE(s.value()));
    }
    return sb.toString();
  }

  /** A histogram sample's test expression (see {@link FloatHistogram#toString()}), else null. */
  private static @Nullable String histogramText(Sample s) {
    FloatHistogram h = s.histogram();
    return h == null ? null : h.toString();
  }

  /** Go's {@code time.Duration.String()} of {@code millis} since the epoch, as promtool prints rule errors. */
  static String goDuration(long millis) {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder(millis < 0 ? "-" : "");
    long ms = Math.abs(millis);
    if (ms < 1000) {
      return sb.append(ms).append("ms").toString();
    }
    long hours = ms / 3_600_000;
    long minutes = ms / 60_000 % 60;
    long seconds = ms / 1000 % 60;
    long frac = ms % 1000;
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    sb.append(seconds);
    if (frac > 0) {
      sb.append('.').append(String.format(java.util.Locale.ROOT, "%03d", frac).replaceAll("0+$", ""));
    }
    return sb.append('s').toString();
  }

  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static String listString(List<?> items) {
    if (items.isEmpty()) {
      return "[]";
    }
    StringBuilder sb = new StringBuilder("[\n0:").append(indent("\n" + items.get(0), "  "));
    for (int i = 1; i < items.size(); i++) {
      sb.append(",\n").append(i).append(':').append(indent("\n" + items.get(i), "  "));
    }
    return sb.append("\n]").toString();
  }

  /** promtool's {@code indentLines}: every line but the first gets {@code indent}. */
  private static String indent(String lines, String indent) {
    String[] parts = lines.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append(indent);
      }
      sb.append(parts[i]);
      if (i != parts.length - 1) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
