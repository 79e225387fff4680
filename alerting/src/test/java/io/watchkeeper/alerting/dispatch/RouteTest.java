package io.watchkeeper.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTest {
  // The tree of Alertmanager's routing documentation, cut down.
  private final Route tree = Route.tree(RouteConfig.builder()
      .receiver("default").groupBy("alertname").groupWait(Duration.ofSeconds(10))
      .routes(
          RouteConfig.builder().matchers(AlertMatchers.parseAll("service=~\"db|cache\"")).receiver("db-team")
              .groupBy("alertname", "cluster")
              .routes(RouteConfig.builder().matchers(AlertMatchers.parseAll("severity=\"critical\"")).receiver("db-pager").build())
              .build(),
          RouteConfig.builder().matchers(AlertMatchers.parseAll("team=\"frontend\"")).receiver("frontend").continueMatching(true)
              .groupBy("...").build(),
          RouteConfig.builder().matchers(AlertMatchers.parseAll("team=~\"frontend|web\"")).receiver("web").repeatInterval(Duration.ofHours(1)).build())
      .build());

  private List<String> receivers(String... labels) {
    return tree.match(Labels.of(labels)).stream().map(r -> r.options().receiver()).toList();
  }

  @Test
  void firstMatchingChildWinsAndTheDeepestMatchIsTheRoute() {
    assertThat(receivers("service", "db", "severity", "critical")).containsExactly("db-pager");
    assertThat(receivers("service", "db", "severity", "warning")).containsExactly("db-team");
    assertThat(receivers("service", "payments")).containsExactly("default");
  }

  @Test
  void continueLetsLaterSiblingsMatchToo() {
    assertThat(receivers("team", "frontend")).containsExactly("frontend", "web");
    assertThat(receivers("team", "web")).containsExactly("web");
  }

  @Test
  void childrenInheritWhatTheyDoNotSet() {
    Route pager = tree.match(Labels.of("service", "db", "severity", "critical")).get(0);
    assertThat(pager.options().groupBy()).containsExactlyInAnyOrder("alertname", "cluster");
    assertThat(pager.options().groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(pager.options().groupInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(pager.options().repeatInterval()).isEqualTo(Duration.ofHours(4));
    Route web = tree.match(Labels.of("team", "web")).get(0);
    assertThat(web.options().repeatInterval()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void groupByEllipsisGroupsByEveryLabel() {
    Route frontend = tree.match(Labels.of("team", "frontend")).get(0);
    Labels alert = Labels.of("team", "frontend", "instance", "a", "alertname", "X");
    assertThat(frontend.options().groupByAll()).isTrue();
    assertThat((Object) frontend.groupLabels(alert)).isEqualTo(alert);
    assertThat((Object) tree.groupLabels(alert)).isEqualTo(Labels.of("alertname", "X"));
  }

  @Test
  void keysAndIdsAreAlertmanagers() {
    Route pager = tree.match(Labels.of("service", "db", "severity", "critical")).get(0);
    assertThat(tree.key()).isEqualTo("{}");
    assertThat(pager.key()).isEqualTo("{}/{service=~\"db|cache\"}/{severity=\"critical\"}");
    assertThat(pager.id()).isEqualTo("{}/{service=~\"db|cache\"}/{severity=\"critical\"}/0");
    assertThat(tree.match(Labels.of("team", "web")).get(0).id()).isEqualTo("{}/{team=~\"frontend|web\"}/2");
  }

  @Test
  void matchersAreSortedByNameThenValue() {
    Route r = Route.tree(RouteConfig.builder().receiver("x")
        .routes(RouteConfig.builder().matchers(AlertMatchers.parseAll("z=\"1\",a=\"2\"")).build()).build());
    assertThat(r.routes().get(0).key()).isEqualTo("{}/{a=\"2\",z=\"1\"}");
    assertThat(r.routes().get(0).options().receiver()).isEqualTo("x");
  }
}
