package io.watchkeeper.alerting.inhibit;

import static io.watchkeeper.alerting.alert.Alerts.tracked;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.alert.AlertMarker;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.ManualClock;
import io.watchkeeper.alerting.dispatch.AlertStore;
import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InhibitorTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final AlertMarker marker = new AlertMarker();
  private final AlertStore store = new AlertStore(clock, marker);

  private Inhibitor inhibitor(InhibitRule... rules) {
    Inhibitor i = new Inhibitor(List.of(rules), store, marker);
    i.start();
    return i;
  }

  private void fire(String... labels) {
    store.put(List.of(tracked(T0, T0.plusSeconds(300), T0, true, labels)));
  }

  @Test
  void criticalInhibitsWarningWithTheSameEqualLabels() {
    Inhibitor ih = inhibitor(new InhibitRule(AlertMatchers.parseAll("severity=\"critical\""),
        AlertMatchers.parseAll("severity=\"warning\""), List.of("alertname", "cluster")));
    fire("alertname", "Disk", "cluster", "a", "severity", "critical");
    Labels sameCluster = Labels.of("alertname", "Disk", "cluster", "a", "severity", "warning");
    Labels otherCluster = Labels.of("alertname", "Disk", "cluster", "b", "severity", "warning");

    assertThat(ih.mutes(sameCluster, T0)).isTrue();
    assertThat(marker.status(Fingerprint.of(sameCluster)).inhibitedBy()).containsExactly(
        Fingerprint.format(Fingerprint.of(Labels.of("alertname", "Disk", "cluster", "a", "severity", "critical"))));
    assertThat(ih.mutes(otherCluster, T0)).isFalse();
    assertThat(ih.mutes(sameCluster, T0.plusSeconds(300))).as("source resolved").isFalse();
  }

  @Test
  void missingEqualLabelOnBothSidesCountsAsEqual() {
    Inhibitor ih = inhibitor(new InhibitRule(AlertMatchers.parseAll("alertname=\"NodeDown\""),
        AlertMatchers.parseAll("severity=\"warning\""), List.of("zone")));
    fire("alertname", "NodeDown");

    assertThat(ih.mutes(Labels.of("alertname", "X", "severity", "warning"), T0)).isTrue();
    assertThat(ih.mutes(Labels.of("alertname", "X", "severity", "warning", "zone", "z1"), T0)).isFalse();
  }

  @Test
  void alertMatchingBothSidesIsNotInhibitedByItselfOrByItsPeers() {
    Inhibitor ih = inhibitor(new InhibitRule(AlertMatchers.parseAll("team=\"db\""), AlertMatchers.parseAll("team=\"db\""), List.of()));
    fire("alertname", "A", "team", "db");
    fire("alertname", "B", "team", "db");

    assertThat(ih.mutes(Labels.of("alertname", "A", "team", "db"), T0)).isFalse();
  }

  @Test
  void sourceThatStopsMatchingLeavesTheCache() {
    Inhibitor ih = inhibitor(new InhibitRule(AlertMatchers.parseAll("severity=\"critical\""),
        AlertMatchers.parseAll("severity=\"warning\""), List.of()));
    fire("alertname", "A", "severity", "critical");
    store.put(List.of(tracked(T0, T0.plusSeconds(300), T0.plusSeconds(1), true, "alertname", "A", "severity", "critical")));
    ih.collectResolved(T0.plusSeconds(400));

    assertThat(ih.mutes(Labels.of("alertname", "B", "severity", "warning"), T0.plusSeconds(400))).isFalse();
  }
}
