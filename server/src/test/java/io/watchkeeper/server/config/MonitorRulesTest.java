package io.watchkeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.probe.HttpSpec;
import io.watchkeeper.probe.MonitorConfig;
import io.watchkeeper.query.engine.PromqlEngine;
import io.watchkeeper.rules.ActiveAlert;
import io.watchkeeper.rules.AlertState;
import io.watchkeeper.rules.AlertingRule;
import io.watchkeeper.rules.RuleGroup;
import io.watchkeeper.rules.RuleManager;
import io.watchkeeper.rules.RuleManagerOptions;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorRulesTest {
  private static final Instant T = Instant.parse("2024-01-15T10:30:00Z");

  @Test
  void noMonitorsNoRules() {
    assertThat(MonitorRules.defaultGroup(List.of())).isEmpty();
  }

  @Test
  void aDownMonitorFiresWithItsSeverityOrCritical() throws Exception {
    InMemoryStorage storage = new InMemoryStorage();
    Appender app = storage.appender();
    long t = T.toEpochMilli();
    for (String status : List.of("healthy", "degraded", "unhealthy", "unknown")) {
      app.append(0, Labels.of("__name__", "watchkeeper_monitor_status", "monitor", "api", "severity", "warning", "status", status),
          t, status.equals("unhealthy") ? 1 : 0);
      app.append(0, Labels.of("__name__", "watchkeeper_monitor_status", "monitor", "db", "status", status), t,
          status.equals("unhealthy") ? 1 : 0);
      app.append(0, Labels.of("__name__", "watchkeeper_monitor_status", "monitor", "web", "status", status), t,
          status.equals("healthy") ? 1 : 0);
    }
    app.commit();
    MonitorConfig api = MonitorConfig.of("api", HttpSpec.get("http://api/"));
    try (PromqlEngine engine = new PromqlEngine();
        RuleManager rules = new RuleManager(RuleManagerOptions.of((expr, at) -> engine.instantQuery(storage, expr, at).value(),
            storage, storage, alerts -> {}, new PrometheusRegistry()))) {
      List<RuleGroup> groups = rules.loadGroups(List.of(MonitorRules.defaultGroup(List.of(api)).orElseThrow()));
      groups.get(0).evaluate(T);

      AlertingRule down = groups.get(0).alertingRules().get(0);
      assertThat(down.name()).isEqualTo("MonitorDown");
      assertThat(down.activeAlerts()).extracting(ActiveAlert::state).containsOnly(AlertState.FIRING);
      assertThat(down.activeAlerts()).extracting(a -> a.labels().get("monitor") + "/" + a.labels().get("severity")
          + "/" + a.labels().get("status")).containsExactlyInAnyOrder("api/warning/", "db/critical/");
      assertThat(down.activeAlerts()).extracting(a -> a.annotations().get("summary"))
          .contains("Monitor api is down");
      AlertingRule degraded = groups.get(0).alertingRules().get(1);
      assertThat(degraded.activeAlerts()).isEmpty();
    }
  }
}
