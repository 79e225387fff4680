package io.watchkeeper.server.config;

import io.watchkeeper.model.Labels;
import io.watchkeeper.query.ParseException;
import io.watchkeeper.query.parser.PromqlParser;
import io.watchkeeper.rules.AlertingRuleConfig;
import io.watchkeeper.rules.NameValidation;
import io.watchkeeper.rules.RecordingRuleConfig;
import io.watchkeeper.rules.RuleConfig;
import io.watchkeeper.rules.RuleGroupConfig;
import io.watchkeeper.rules.template.TemplateException;
import io.watchkeeper.rules.template.TemplateExpander;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads Prometheus rule files into {@link RuleGroupConfig}s with the validation of Prometheus'
 * {@code rulefmt} (and {@code promtool check rules}): unknown keys are errors (unless ignored),
 * group names unique per file, exactly one of {@code record} and {@code alert}, {@code expr}
 * required and valid PromQL, no {@code for}, {@code keep_firing_for} or annotations on recording
 * rules, valid metric, label and annotation names, {@code __name__} never a rule label, templates
 * that parse. Values are taken literally (no {@code ${VAR}} expansion, as in Prometheus). Every
 * problem is reported at once as {@code file:line:column: groups[0].rules[2].expr: message}.
 * Stateless and thread-safe.
 */
public final class RuleFileLoader {
  private final NameValidation names;
  private final boolean ignoreUnknownFields;

  /**
   * A loader.
   *
   * @param names UTF-8 (Prometheus 3) or legacy name validation
   * @param ignoreUnknownFields accept keys rulefmt does not know (promtool's {@code
   *     --ignore-unknown-fields})
   */
  public RuleFileLoader(NameValidation names, boolean ignoreUnknownFields) {
    this.names = names;
    this.ignoreUnknownFields = ignoreUnknownFields;
  }

  /** A loader with Prometheus 3's defaults: UTF-8 names, unknown keys are errors. */
  public RuleFileLoader() {
    this(NameValidation.UTF8, false);
  }

  /**
   * Loads every file matching the patterns (globs allowed in the file name part, as {@code
   * rule_files} allows), in pattern order.
   *
   * @throws ConfigException with every problem of every file
   */
  public List<RuleGroupConfig> loadAll(List<Path> patterns) throws ConfigException {
    List<RuleGroupConfig> groups = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path file : expand(patterns, problems)) {
      try {
        groups.addAll(load(file));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return groups;
  }

  /** The files matching the patterns, sorted per pattern; a pattern without match is not an error. */
  static List<Path> expand(List<Path> patterns, List<String> problems) {
    List<Path> out = new ArrayList<>();
    for (Path pattern : patterns) {
      String name = pattern.getFileName() == null ? "" : pattern.getFileName().toString();
      if (name.indexOf('*') < 0 && name.indexOf('?') < 0 && name.indexOf('[') < 0) {
        out.add(pattern);
        continue;
      }
      Path dir = pattern.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        continue;
      }
      var matcher = dir.getFileSystem().getPathMatcher("glob:" + name);
      try (var stream = Files.list(dir)) {
        stream.filter(p -> matcher.matches(p.getFileName())).sorted()
            .map(p -> pattern.getParent() == null ? p.getFileName() : pattern.getParent().resolve(p.getFileName()))
            .forEach(out::add);
      } catch (IOException e) {
        problems.add(pattern + ": cannot list rule files: " + e.getMessage());
      }
    }
    return out;
  }

  /** Loads one rule file. */
  public List<RuleGroupConfig> load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read rule file: " + e.getMessage()));
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(file.toString(), dir == null ? Path.of(".") : dir, text);
  }

  /**
   * Parses rule file text.
   *
   * @param source the file name, used in messages and as the groups' {@code file}
   */
  public List<RuleGroupConfig> parse(String source, Path baseDir, String text) throws ConfigException {
    YamlNode root = YamlTreeReader.read(source, text);
    Binder binder = Binder.literal(source, baseDir);
    if (root instanceof YamlNode.Scalar s && s.isNull()) {
      return List.of();
    }
    if (!(root instanceof YamlNode.MapNode map)) {
      throw new ConfigException(List.of(source + ":" + root.location().line() + ":" + root.location().column()
          + ": a rule file must be a map with a groups list, got " + root.kind()));
    }
    Section top = new Section(binder, "", map);
    List<RuleGroupConfig> groups = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Section g : top.sections("groups")) {
      bindGroup(source, g, seen).ifPresent(groups::add);
    }
    finish(top);
    if (!binder.errors().isEmpty()) {
      throw new ConfigException(binder.errors());
    }
    return groups;
  }

  private void finish(Section s) {
    if (!ignoreUnknownFields) {
      s.finish(Set.of());
    }
  }

  private Optional<RuleGroupConfig> bindGroup(String source, Section g, Map<String, Integer> seen) {
    String name = g.string("name", "");
    if (name.isEmpty()) {
      g.binder().error(g.location(), g.child("name"), "Groupname must not be empty");
    } else if (seen.containsKey(name)) {
      g.binder().error(g.location(), g.child("name"), "groupname: \"" + name + "\" is repeated in the same file");
    }
    seen.put(name, 1);
    Optional<Duration> interval = g.duration("interval", false).filter(d -> !d.isZero());
    Optional<Duration> queryOffset = g.duration("query_offset", false);
    int limit = (int) g.integer("limit", 0, 0);
    Map<String, String> labels = labels(g, "labels", true);
    List<RuleConfig> rules = new ArrayList<>();
    for (Section r : g.sections("rules")) {
      bindRule(r).ifPresent(rules::add);
    }
    finish(g);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RuleGroupConfig(name, source, interval, limit, queryOffset, labels, rules));
  }

  /** Label or annotation values with where each was written. */
  private record LocatedMap(Map<String, String> values, Map<String, YamlNode.Location> where) {
    static final LocatedMap EMPTY = new LocatedMap(Map.of(), Map.of());
  }

  private Map<String, String> labels(Section s, String key, boolean isLabel) {
    return locatedLabels(s, key, isLabel).values();
  }

  /** A map of label names to values; names validated, {@code __name__} rejected when {@code isLabel}. */
  private LocatedMap locatedLabels(Section s, String key, boolean isLabel) {
    Optional<YamlNode> node = s.take(key);
    if (node.isEmpty()) {
      return LocatedMap.EMPTY;
    }
    if (!(node.get() instanceof YamlNode.MapNode m)) {
      s.binder().error(node.get().location(), s.child(key), "expected a map, got " + node.get().kind());
      return LocatedMap.EMPTY;
    }
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, YamlNode.Location> where = new LinkedHashMap<>();
    for (YamlNode.Entry e : m.entries().values()) {
      String path = s.child(key) + "." + e.key();
      boolean validName = isLabel ? names.isValidLabelName(e.key()) && !e.key().equals(Labels.METRIC_NAME)
          : names.isValidLabelName(e.key());
      if (!validName) {
        s.binder().error(e.keyLocation(), path, "invalid " + (isLabel ? "label" : "annotation") + " name: " + e.key());
      }
      if (e.value() instanceof YamlNode.Scalar v) {
        out.put(e.key(), v.isNull() ? "" : v.text());
        where.put(e.key(), v.location());
      } else {
        s.binder().error(e.value().location(), path, "expected a string, got " + e.value().kind());
      }
    }
    return new LocatedMap(out, where);
  }

  private Optional<RuleConfig> bindRule(Section r) {
    Optional<String> record = r.string("record").filter(v -> !v.isEmpty());
    Optional<String> alert = r.string("alert").filter(v -> !v.isEmpty());
    if (record.isPresent() && alert.isPresent()) {
      r.error("record", "only one of 'record' and 'alert' must be set");
    } else if (record.isEmpty() && alert.isEmpty()) {
      r.binder().error(r.location(), r.path(), "one of 'record' or 'alert' must be set");
    }
    String expr = r.string("expr", "");
    if (expr.isEmpty()) {
      r.binder().error(r.location(), r.child("expr"), "field 'expr' must be set in rule");
    } else {
      checkExpression(r, expr);
    }
    boolean hasFor = r.has("for");
    boolean hasKeepFiring = r.has("keep_firing_for");
    Duration forDuration = r.duration("for", false).orElse(Duration.ZERO);
    Duration keepFiringFor = r.duration("keep_firing_for", false).orElse(Duration.ZERO);
    LocatedMap labels = locatedLabels(r, "labels", true);
    boolean hasAnnotations = r.has("annotations");
    LocatedMap annotations = locatedLabels(r, "annotations", false);
    finish(r);
    if (record.isPresent() && alert.isEmpty()) {
      if (hasAnnotations && !annotations.values().isEmpty()) {
        r.error("annotations", "invalid field 'annotations' in recording rule");
      }
      if (hasFor && !forDuration.isZero()) {
        r.error("for", "invalid field 'for' in recording rule");
      }
      if (hasKeepFiring && !keepFiringFor.isZero()) {
        r.error("keep_firing_for", "invalid field 'keep_firing_for' in recording rule");
      }
      checkRecordName(r, record.get());
      return Optional.of(new RecordingRuleConfig(record.get(), expr, labels.values()));
    }
    if (alert.isPresent() && record.isEmpty()) {
      checkTemplates(r, alert.get(), "labels", labels);
      checkTemplates(r, alert.get(), "annotations", annotations);
      return Optional.of(new AlertingRuleConfig(alert.get(), expr, forDuration, keepFiringFor, labels.values(),
          annotations.values()));
    }
    return Optional.empty();
  }

  private static void checkExpression(Section r, String expr) {
    try {
      PromqlParser.parseExpr(expr);
    } catch (ParseException e) {
      r.error("expr", e.getMessage());
    }
  }

  private void checkRecordName(Section r, String record) {
    if (!names.isValidMetricName(record)) {
      r.error("record", "invalid recording rule name: " + record);
    }
    if (record.contains("{") || record.contains("}")) {
      r.error("record", "braces present in the recording rule name; should it be in expr?: " + record);
    }
  }

  private static void checkTemplates(Section r, String alert, String key, LocatedMap texts) {
    for (Map.Entry<String, String> e : texts.values().entrySet()) {
      try {
        TemplateExpander.parseAlertTemplate(alert, e.getValue());
      } catch (TemplateException ex) {
        r.binder().error(texts.where().get(e.getKey()), r.child(key) + "." + e.getKey(), ex.getMessage());
      }
    }
  }

  /**
   * The rules defined more than once in the same group (same name, expression and labels): what
   * {@code promtool check rules} reports as a lint warning.
   */
  public static List<String> duplicateRules(List<RuleGroupConfig> groups) {
    List<String> out = new ArrayList<>();
    for (RuleGroupConfig g : groups) {
      Set<String> seen = new HashSet<>();
      Set<String> reported = new HashSet<>();
      for (RuleConfig r : g.rules()) {
        String key = r.name() + "\n" + r.expr() + "\n" + r.labels();
        if (!seen.add(key) && reported.add(key)) {
          out.add(g.file() + ": group \"" + g.name() + "\": duplicate rule \"" + r.name() + "\"");
        }
      }
    }
    return out;
  }
}
