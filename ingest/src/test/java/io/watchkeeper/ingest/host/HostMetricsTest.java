package io.watchkeeper.ingest.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostMetricsTest {
  @Test
  void readsTheHostWithNodeExporterNames() {
    MetricSnapshots snapshots = new HostMetrics(java.time.InstantSource.system()).collect();
    Map<String, MetricSnapshot> byName = new HashMap<>();
    for (MetricSnapshot s : snapshots) {
      byName.put(s.getMetadata().getPrometheusName(), s);
    }
    assertThat(byName).containsKeys("node_cpu_seconds", "node_load1", "node_memory_MemTotal_bytes",
        "node_memory_MemAvailable_bytes", "node_filesystem_avail_bytes", "node_network_receive_bytes",
        "node_disk_read_bytes", "node_boot_time_seconds");

    CounterSnapshot cpu = (CounterSnapshot) byName.get("node_cpu_seconds");
    assertThat(cpu.getDataPoints()).isNotEmpty();
    assertThat(cpu.getDataPoints()).anySatisfy(p -> {
      assertThat(p.getLabels().get("mode")).isEqualTo("idle");
      assertThat(p.getValue()).isPositive();
    });
    GaugeSnapshot total = (GaugeSnapshot) byName.get("node_memory_MemTotal_bytes");
    GaugeSnapshot avail = (GaugeSnapshot) byName.get("node_memory_MemAvailable_bytes");
    assertThat(total.getDataPoints().get(0).getValue()).isGreaterThan(64e6);
    assertThat(avail.getDataPoints().get(0).getValue()).isBetween(0.0, total.getDataPoints().get(0).getValue());
    GaugeSnapshot fsAvail = (GaugeSnapshot) byName.get("node_filesystem_avail_bytes");
    assertThat(fsAvail.getDataPoints()).allSatisfy(p -> assertThat(p.getLabels().get("mountpoint")).startsWith("/"));
    CounterSnapshot rx = (CounterSnapshot) byName.get("node_network_receive_bytes");
    assertThat(rx.getDataPoints()).anySatisfy(p -> assertThat(p.getLabels().get("device")).isNotEmpty());
  }
}
