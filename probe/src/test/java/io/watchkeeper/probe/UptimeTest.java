package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UptimeTest {
  private static final Instant NOW = Instant.parse("2024-04-01T00:00:00Z");

  @Test
  void unknownTimeCountsForNeitherUpNorDown() {
    InMemoryStatusHistory h = new InMemoryStatusHistory();
    h.record(new StatusChange("api", Status.UNKNOWN, Status.HEALTHY, NOW.minus(Duration.ofHours(10)), "ok"));
    h.record(new StatusChange("api", Status.HEALTHY, Status.UNKNOWN, NOW.minus(Duration.ofHours(8)), "Watchkeeper stopped watching"));
    h.record(new StatusChange("api", Status.UNKNOWN, Status.UNHEALTHY, NOW.minus(Duration.ofHours(2)), "refused"));

    Uptime u = Uptime.of(h, "api", NOW, Duration.ofHours(24));

    assertThat(u.up()).isEqualTo(Duration.ofHours(2));
    assertThat(u.down()).isEqualTo(Duration.ofHours(2));
    assertThat(u.ratio().orElseThrow()).isEqualTo(0.5);
  }

  @Test
  void statusBeforeTheWindowCarriesIntoIt() {
    InMemoryStatusHistory h = new InMemoryStatusHistory();
    h.record(new StatusChange("api", Status.UNKNOWN, Status.HEALTHY, NOW.minus(Duration.ofDays(40)), "ok"));
    h.record(new StatusChange("api", Status.HEALTHY, Status.UNHEALTHY, NOW.minus(Duration.ofDays(20)), "down"));
    h.record(new StatusChange("api", Status.UNHEALTHY, Status.HEALTHY, NOW.minus(Duration.ofDays(19)), "up"));

    Map<String, Uptime> all = Uptime.standard(h, "api", NOW);

    assertThat(all).containsOnlyKeys("24h", "7d", "30d", "90d");
    assertThat(all.get("24h").percent().orElseThrow()).isEqualTo(100.0);
    assertThat(all.get("7d").percent().orElseThrow()).isEqualTo(100.0);
    assertThat(all.get("30d").percent().orElseThrow()).isCloseTo(100.0 * 29 / 30, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(all.get("90d").down()).isEqualTo(Duration.ofDays(1));
    assertThat(all.get("90d").up()).isEqualTo(Duration.ofDays(39));
    assertThat(all.get("30d").incidents()).isEqualTo(1);
  }

  @Test
  void nothingKnownGivesNoPercentage() {
    Uptime u = Uptime.compute(Status.UNKNOWN, List.of(), NOW.minus(Duration.ofDays(1)), NOW);

    assertThat(u.percent()).isEmpty();
    assertThat(u.window()).isEqualTo(Duration.ofDays(1));
  }
}
