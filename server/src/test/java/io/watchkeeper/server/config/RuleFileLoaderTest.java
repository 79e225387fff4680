package io.watchkeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.rules.AlertingRuleConfig;
import io.watchkeeper.rules.NameValidation;
import io.watchkeeper.rules.RecordingRuleConfig;
import io.watchkeeper.rules.RuleGroupConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule file loading against Prometheus' {@code model/rulefmt/testdata} with the verdicts listed in
 * {@code conformance/rules/README.md}, and our own error messages.
 */
class RuleFileLoaderTest {
  private static final Path RULEFMT = Path.of("../conformance/rules/rulefmt-testdata");
  private static final Path PROMTOOL = Path.of("../conformance/rules/promtool-testdata");

  static Stream<Arguments> rulefmtVerdicts() {
    return Stream.of(
        Arguments.of("test.yaml", NameValidation.UTF8, ""),
        Arguments.of("test_aliases.yaml", NameValidation.UTF8, ""),
        Arguments.of("utf-8_lname.good.yaml", NameValidation.UTF8, ""),
        Arguments.of("utf-8_annotation.good.yaml", NameValidation.UTF8, ""),
        Arguments.of("legacy_validation_annotation.good.yaml", NameValidation.LEGACY, ""),
        Arguments.of("legacy_validation_annotation.bad.yaml", NameValidation.LEGACY,
            "groups[0].rules[0].annotations.ins-tance: invalid annotation name: ins-tance"),
        Arguments.of("bad_expr.bad.yaml", NameValidation.UTF8, "groups[0].rules[0].expr: 1:"),
        Arguments.of("bad_field.bad.yaml", NameValidation.UTF8, "groups[0].rules[0].annotation: unknown key"),
        Arguments.of("duplicate_grp.bad.yaml", NameValidation.UTF8,
            "groups[1].name: groupname: \"yolo\" is repeated in the same file"),
        Arguments.of("invalid_label_name.bad.yaml", NameValidation.UTF8,
            "groups[0].rules[0].labels.__name__: invalid label name: __name__"),
        Arguments.of("invalid_record_name.bad.yaml", NameValidation.UTF8,
            "groups[0].rules[0].record: braces present in the recording rule name; should it be in expr?"),
        Arguments.of("no_rec_alert.bad.yaml", NameValidation.UTF8,
            "groups[0].rules[0]: one of 'record' or 'alert' must be set"),
        Arguments.of("noexpr.bad.yaml", NameValidation.UTF8, "groups[0].rules[0].expr: field 'expr' must be set in rule"),
        Arguments.of("record_and_alert.bad.yaml", NameValidation.UTF8,
            "groups[0].rules[0].record: only one of 'record' and 'alert' must be set"),
        Arguments.of("record_and_for.bad.yaml", NameValidation.UTF8,
            "groups[0].rules[0].for: invalid field 'for' in recording rule"),
        Arguments.of("record_and_keep_firing_for.bad.yaml", NameValidation.UTF8,
            "groups[0].rules[0].keep_firing_for: invalid field 'keep_firing_for' in recording rule"));
  }

  @ParameterizedTest
  @MethodSource("rulefmtVerdicts")
  void givesRulefmtVerdicts(String file, NameValidation names, String expectedError) {
    Path path = RULEFMT.resolve(file);
    RuleFileLoader loader = new RuleFileLoader(names, false);
    if (expectedError.isEmpty()) {
      assertThat(catching(() -> loader.load(path))).isEmpty();
    } else {
      assertThat(catching(() -> loader.load(path))).anySatisfy(p -> assertThat(p)
          .startsWith(path + ":").contains(expectedError));
    }
  }

  @Test
  void everyRulefmtFileHasAVerdict() throws Exception {
    try (Stream<Path> files = Files.list(RULEFMT)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      List<String> covered = rulefmtVerdicts().map(a -> (String) a.get()[0]).sorted().toList();
      assertThat(covered).containsExactlyElementsOf(names);
    }
  }

  private interface Load {
    List<RuleGroupConfig> run() throws ConfigException;
  }

  private static List<String> catching(Load load) {
    try {
      load.run();
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  @Test
  void readsGroupsAndRulesWithAliasesAndMergeKeys() throws ConfigException {
    List<RuleGroupConfig> groups = new RuleFileLoader().load(RULEFMT.resolve("test_aliases.yaml"));
    assertThat(groups).extracting(RuleGroupConfig::name).containsExactly("my-group-name", "my-another-name");
    RuleGroupConfig g = groups.get(0);
    assertThat(g.interval()).contains(Duration.ofSeconds(30));
    assertThat(g.rules()).hasSize(4);
    AlertingRuleConfig merged = (AlertingRuleConfig) g.rules().get(3);
    assertThat(merged.alert()).isEqualTo("HighAlert2");
    assertThat(merged.forDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(merged.labels()).isEqualTo(Map.of("severity", "critical"));
    assertThat(merged.annotations().get("description")).isEqualTo("stuff's happening with {{ $.labels.service }}");
    RecordingRuleConfig rec = (RecordingRuleConfig) g.rules().get(1);
    assertThat(rec.record()).isEqualTo("new_metric");
    assertThat(rec.expr()).startsWith("sum without(instance) (rate(errors_total[5m]))");
  }

  @Test
  void reportsParseErrorsWithFilePositionPathAndThePositionInsideTheExpression() {
    assertThat(catching(() -> new RuleFileLoader().parse("r.yml", Path.of("."), """
        groups:
          - name: g
            rules:
              - record: a
                expr: sum(x)
              - record: b
                expr: 'rate(x[5m]'
              - alert: C
                expr: up == 0
                for: 5x
                annotations:
                  summary: "{{ $label.instance }}"
                severity: page
        """))).containsExactly(
            "r.yml:7:15: groups[0].rules[1].expr: 1:11: parse error: unclosed left parenthesis",
            "r.yml:10:14: groups[0].rules[2].for: not a valid duration string: \"5x\" (use e.g. 15s, 5m, 1h30m, 100ms)",
            "r.yml:12:20: groups[0].rules[2].annotations.summary: template: __alert_C:1:4: "
                + "undefined variable \"$label\"",
            "r.yml:13:9: groups[0].rules[2].severity: unknown key");
  }

  @Test
  void ignoresUnknownKeysWhenAsked() throws ConfigException {
    Path file = PROMTOOL.resolve("rules_extrafields.yml");
    assertThat(catching(() -> new RuleFileLoader().load(file))).anySatisfy(p -> assertThat(p)
        .contains("groups[0].namespace: unknown key"));
    assertThat(new RuleFileLoader(NameValidation.UTF8, true).load(file)).hasSize(2);
  }

  @Test
  void takesTemplatesLiterallyAndReadsGroupLabelsLimitAndQueryOffset() throws ConfigException {
    List<RuleGroupConfig> groups = new RuleFileLoader().parse("r.yml", Path.of("."), """
        groups:
          - name: g
            interval: 15s
            limit: 10
            query_offset: 30s
            labels: {team: core}
            rules:
              - alert: A
                expr: up == 0
                keep_firing_for: 2m
                annotations:
                  cost: "$$ {{ $value }} ${HOME}"
        """);
    RuleGroupConfig g = groups.get(0);
    assertThat(g).isEqualTo(new RuleGroupConfig("g", "r.yml", Optional.of(Duration.ofSeconds(15)), 10,
        Optional.of(Duration.ofSeconds(30)), Map.of("team", "core"), List.of(new AlertingRuleConfig("A", "up == 0",
            Duration.ZERO, Duration.ofMinutes(2), Map.of(), Map.of("cost", "$$ {{ $value }} ${HOME}")))));
  }

  @Test
  void loadsGlobsAndReportsProblemsOfEveryFile() throws Exception {
    Path dir = Files.createTempDirectory("rules");
    try {
      Files.writeString(dir.resolve("a.rules.yml"), "groups: [{name: a, rules: [{record: x, expr: '1'}]}]\n");
      Files.writeString(dir.resolve("b.rules.yml"), "groups: [{name: b, rules: [{record: y, expr: '1'}]}]\n");
      Files.writeString(dir.resolve("c.yml"), "groups: [{name: c, rules: [{record: 'z{}', expr: '1'}]}]\n");
      List<RuleGroupConfig> ok = new RuleFileLoader().loadAll(List.of(dir.resolve("*.rules.yml")));
      assertThat(ok).extracting(RuleGroupConfig::name).containsExactly("a", "b");
      List<String> problems = catching(() -> new RuleFileLoader().loadAll(List.of(dir.resolve("*.yml"),
          dir.resolve("missing.yml"))));
      assertThat(problems).hasSize(2);
      assertThat(problems.get(0)).contains("c.yml:1:").contains("braces present");
      assertThat(problems.get(1)).contains("missing.yml: cannot read rule file");
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        List<Path> all = new ArrayList<>(s.toList());
        java.util.Collections.reverse(all);
        for (Path p : all) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void reportsDuplicateRulesAsPromtoolLintDoes() throws ConfigException {
    assertThat(RuleFileLoader.duplicateRules(new RuleFileLoader().load(PROMTOOL.resolve("rules_duplicates.yml"))))
        .containsExactly(PROMTOOL.resolve("rules_duplicates.yml") + ": group \"base\": duplicate rule "
            + "\"job:test:count_over_time1m\"");
  }

  @Test
  void rejectsAFileThatIsNotAMap() {
    assertThatThrownBy(() -> new RuleFileLoader().parse("r.yml", Path.of("."), "- a\n- b\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("r.yml:1:1: a rule file must be a map");
  }
}
