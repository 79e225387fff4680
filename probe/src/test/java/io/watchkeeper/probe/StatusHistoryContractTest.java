package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link StatusHistory} contract, run against every implementation (in memory here, JDBC on H2
 * and PostgreSQL in the postgres module).
 */
public abstract class StatusHistoryContractTest {
  protected static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

  private StatusHistory history;

  /** A fresh, empty history. */
  protected abstract StatusHistory history();

  @BeforeEach
  void open() {
    history = history();
  }

  private static StatusChange change(String monitor, Status from, Status to, long minutes, String reason) {
    return new StatusChange(monitor, from, to, T0.plus(Duration.ofMinutes(minutes)), reason);
  }

  @Test
  void changesComeBackInTimeOrderWithinTheRange() {
    history.record(change("api", Status.UNKNOWN, Status.HEALTHY, 0, "HTTP 200"));
    history.record(change("api", Status.HEALTHY, Status.UNHEALTHY, 10, "connection refused by 10.0.0.5:443"));
    history.record(change("api", Status.UNHEALTHY, Status.HEALTHY, 20, "HTTP 200"));
    history.record(change("db", Status.UNKNOWN, Status.HEALTHY, 5, "SELECT 1 in 3ms"));

    List<StatusChange> api = history.changes("api", T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(20)));

    assertThat(api).containsExactly(change("api", Status.HEALTHY, Status.UNHEALTHY, 10, "connection refused by 10.0.0.5:443"));
    assertThat(history.changes("api", T0, T0.plus(Duration.ofHours(1)))).hasSize(3);
    assertThat(history.changes("nope", T0, T0.plus(Duration.ofHours(1)))).isEmpty();
  }

  @Test
  void latestAtOrBeforeGivesTheStatusAtATime() {
    history.record(change("api", Status.UNKNOWN, Status.HEALTHY, 0, "ok"));
    history.record(change("api", Status.HEALTHY, Status.DEGRADED, 10, "slow"));

    assertThat(history.latestAtOrBefore("api", T0.minusSeconds(1))).isEmpty();
    assertThat(history.latestAtOrBefore("api", T0).orElseThrow().to()).isEqualTo(Status.HEALTHY);
    assertThat(history.latestAtOrBefore("api", T0.plus(Duration.ofMinutes(10))).orElseThrow().to()).isEqualTo(Status.DEGRADED);
    assertThat(history.latestAtOrBefore("api", T0.plus(Duration.ofDays(3))).orElseThrow().reason()).isEqualTo("slow");
  }

  @Test
  void recentIsNewestFirstAndLimited() {
    for (int i = 0; i < 5; i++) {
      history.record(change("api", i % 2 == 0 ? Status.UNKNOWN : Status.HEALTHY, i % 2 == 0 ? Status.HEALTHY : Status.UNKNOWN, i,
          "r" + i));
    }

    assertThat(history.recent("api", 2)).extracting(StatusChange::reason).containsExactly("r4", "r3");
    assertThat(history.recent("api", 10)).hasSize(5);
  }

  @Test
  void pruneKeepsTheLastChangeBeforeTheCutoffPerMonitor() {
    history.record(change("api", Status.UNKNOWN, Status.HEALTHY, 0, "a"));
    history.record(change("api", Status.HEALTHY, Status.UNHEALTHY, 10, "b"));
    history.record(change("api", Status.UNHEALTHY, Status.HEALTHY, 30, "c"));
    history.record(change("db", Status.UNKNOWN, Status.HEALTHY, 1, "d"));

    int removed = history.prune(T0.plus(Duration.ofMinutes(20)));

    assertThat(removed).isEqualTo(1);
    assertThat(history.changes("api", T0, T0.plus(Duration.ofHours(1)))).extracting(StatusChange::reason).containsExactly("b", "c");
    assertThat(history.changes("db", T0, T0.plus(Duration.ofHours(1)))).extracting(StatusChange::reason).containsExactly("d");
    assertThat(history.latestAtOrBefore("api", T0.plus(Duration.ofMinutes(20))).orElseThrow().to()).isEqualTo(Status.UNHEALTHY);
  }

  @Test
  void keepsLongReasonsAndOddMonitorNames() {
    String reason = "x".repeat(3000);
    history.record(new StatusChange("Checkout API (EU) ✓", Status.UNKNOWN, Status.UNHEALTHY, T0, reason));

    assertThat(history.recent("Checkout API (EU) ✓", 1)).singleElement().satisfies(c -> {
      assertThat(c.reason()).isEqualTo(reason);
      assertThat(c.at()).isEqualTo(T0);
      assertThat(c.from()).isEqualTo(Status.UNKNOWN);
    });
  }

  @Test
  void uptimeOverAWindowComesFromTheChanges() {
    history.record(change("api", Status.UNKNOWN, Status.HEALTHY, 0, "ok"));
    history.record(change("api", Status.HEALTHY, Status.UNHEALTHY, 60, "down"));
    history.record(change("api", Status.UNHEALTHY, Status.DEGRADED, 66, "slow"));

    Uptime u = Uptime.of(history, "api", T0.plus(Duration.ofMinutes(120)), Duration.ofMinutes(120));

    assertThat(u.down()).isEqualTo(Duration.ofMinutes(6));
    assertThat(u.up()).isEqualTo(Duration.ofMinutes(114));
    assertThat(u.percent().orElseThrow()).isEqualTo(95.0);
    assertThat(u.incidents()).isEqualTo(1);
  }
}
