package io.watchkeeper.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.watchkeeper.rules.ActiveAlert;
import io.watchkeeper.rules.AlertingRule;
import io.watchkeeper.rules.RecordingRule;
import io.watchkeeper.rules.Rule;
import io.watchkeeper.rules.RuleGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /api/v1/rules} and {@code /api/v1/alerts}, read from the rule manager through {@link
 * RuleRetriever}, with the field names, order and encodings of Prometheus' {@code web/api/v1}.
 * Thread-safe.
 */
final class RuleEndpoints {
  /** Groups by file, then name, as Prometheus' {@code Manager.RuleGroups} sorts them. */
  private static final Comparator<RuleGroup> GROUP_ORDER =
      Comparator.comparing(RuleGroup::file).thenComparing(RuleGroup::name);

  private final RuleRetriever rules;

  RuleEndpoints(RuleRetriever rules) {
    this.rules = rules;
  }

  /** What {@code /api/v1/rules} was asked for. */
  private record Filter(
      Set<String> ruleNames, Set<String> groupNames, Set<String> files, boolean alerting, boolean recording,
      boolean excludeAlerts) {
    boolean selects(RuleGroup g) {
      return (groupNames.isEmpty() || groupNames.contains(g.name())) && (files.isEmpty() || files.contains(g.file()));
    }

    boolean selects(Rule r) {
      if (!ruleNames.isEmpty() && !ruleNames.contains(r.name())) {
        return false;
      }
      return switch (r) {
        case AlertingRule a -> alerting;
        case RecordingRule rr -> recording;
      };
    }
  }

  /**
   * {@code /api/v1/rules}: the groups with their rules, filtered by {@code type}, {@code
   * rule_name[]}, {@code rule_group[]} and {@code file[]}; {@code exclude_alerts=true} leaves out
   * the alerting rules' alerts. A group left without rules is dropped.
   */
  void rules(Exchange ex) throws ApiException, IOException {
    Filter filter = filter(ex);
    List<RuleGroup> groups = new ArrayList<>();
    for (RuleGroup g : rules.ruleGroups()) {
      if (filter.selects(g) && g.rules().stream().anyMatch(filter::selects)) {
        groups.add(g);
      }
    }
    groups.sort(GROUP_ORDER);
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartObject();
          gen.writeArrayFieldStart("groups");
          for (RuleGroup g : groups) {
            writeGroup(gen, g, filter);
          }
          gen.writeEndArray();
          gen.writeEndObject();
        });
  }

  /** {@code /api/v1/alerts}: the pending and firing alerts of every alerting rule. */
  void alerts(Exchange ex) throws IOException {
    List<ActiveAlert> alerts = rules.activeAlerts();
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartObject();
          gen.writeFieldName("alerts");
          writeAlerts(gen, alerts);
          gen.writeEndObject();
        });
  }

  /**
   * The parameters, checked and worded as Prometheus checks them: {@code type} and {@code
   * exclude_alerts} case-insensitively, the others as exact names.
   */
  private static Filter filter(Exchange ex) throws ApiException {
    String type = ex.param("type").toLowerCase(Locale.ROOT);
    if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
      throw ApiException.invalidParam("type", "not supported value \"" + type + "\"", null);
    }
    return new Filter(
        new HashSet<>(ex.params("rule_name[]")),
        new HashSet<>(ex.params("rule_group[]")),
        new HashSet<>(ex.params("file[]")),
        !type.equals("record"),
        !type.equals("alert"),
        excludeAlerts(ex));
  }

  /** {@code exclude_alerts} as Go's {@code strconv.ParseBool} reads the lower-cased value. */
  private static boolean excludeAlerts(Exchange ex) throws ApiException {
    String s = ex.param("exclude_alerts").toLowerCase(Locale.ROOT);
    return switch (s) {
      case "", "0", "f", "false" -> false;
      case "1", "t", "true" -> true;
      default ->
          throw ApiException.invalidParam(
              "exclude_alerts", "error converting exclude_alerts: strconv.ParseBool: parsing \"" + s + "\": invalid syntax", null);
    };
  }

  private static void writeGroup(JsonGenerator gen, RuleGroup g, Filter filter) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("name", g.name());
    gen.writeStringField("file", g.file());
    gen.writeArrayFieldStart("rules");
    for (Rule r : g.rules()) {
      if (!filter.selects(r)) {
        continue;
      }
      switch (r) {
        case AlertingRule a -> writeAlertingRule(gen, a, filter.excludeAlerts());
        case RecordingRule rr -> writeRecordingRule(gen, rr);
      }
    }
    gen.writeEndArray();
    gen.writeFieldName("interval");
    ApiJson.seconds(gen, g.interval());
    gen.writeNumberField("limit", g.limit());
    gen.writeFieldName("evaluationTime");
    ApiJson.seconds(gen, g.evaluationTime());
    gen.writeStringField("lastEvaluation", ApiJson.time(g.lastEvaluation().orElse(null)));
    gen.writeEndObject();
  }

  private static void writeAlertingRule(JsonGenerator gen, AlertingRule r, boolean excludeAlerts) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("state", r.state().apiName());
    gen.writeStringField("name", r.name());
    gen.writeStringField("query", r.query());
    gen.writeFieldName("duration");
    ApiJson.seconds(gen, r.holdDuration());
    gen.writeFieldName("keepFiringFor");
    ApiJson.seconds(gen, r.keepFiringFor());
    gen.writeFieldName("labels");
    writeMap(gen, r.labels());
    gen.writeFieldName("annotations");
    writeMap(gen, r.annotations());
    gen.writeFieldName("alerts");
    if (excludeAlerts) {
      gen.writeNull(); // Prometheus leaves the slice nil, which Go encodes as null
    } else {
      writeAlerts(gen, r.activeAlerts());
    }
    writeStatus(gen, r);
    gen.writeStringField("type", "alerting");
    gen.writeEndObject();
  }

  private static void writeRecordingRule(JsonGenerator gen, RecordingRule r) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("name", r.name());
    gen.writeStringField("query", r.query());
    if (!r.labels().isEmpty()) { // omitempty
      gen.writeFieldName("labels");
      writeMap(gen, r.labels());
    }
    writeStatus(gen, r);
    gen.writeStringField("type", "recording");
    gen.writeEndObject();
  }

  /** {@code health}, {@code lastError} (left out when there is none), evaluation time and start. */
  private static void writeStatus(JsonGenerator gen, Rule r) throws IOException {
    gen.writeStringField("health", r.health().apiName());
    String lastError = r.lastError().orElse("");
    if (!lastError.isEmpty()) {
      gen.writeStringField("lastError", lastError);
    }
    gen.writeFieldName("evaluationTime");
    ApiJson.seconds(gen, r.evaluationTime());
    gen.writeStringField("lastEvaluation", ApiJson.time(r.lastEvaluation().orElse(null)));
  }

  private static void writeAlerts(JsonGenerator gen, List<ActiveAlert> alerts) throws IOException {
    gen.writeStartArray();
    for (ActiveAlert a : alerts) {
      gen.writeStartObject();
      gen.writeFieldName("labels");
      ApiJson.labels(gen, a.labels());
      gen.writeFieldName("annotations");
      ApiJson.labels(gen, a.annotations());
      gen.writeStringField("state", a.state().apiName());
      gen.writeStringField("activeAt", ApiJson.time(a.activeAt()));
      if (a.keepFiringSince().isPresent()) {
        gen.writeStringField("keepFiringSince", ApiJson.time(a.keepFiringSince().get()));
      }
      gen.writeStringField("value", FloatFormat.alertValue(a.value()));
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  /** A rule's labels or annotations, sorted by name as Go writes a label set. */
  private static void writeMap(JsonGenerator gen, Map<String, String> map) throws IOException {
    gen.writeStartObject();
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      gen.writeStringField(e.getKey(), e.getValue());
    }
    gen.writeEndObject();
  }
}
