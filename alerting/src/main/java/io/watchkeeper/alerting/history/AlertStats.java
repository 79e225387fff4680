package io.watchkeeper.alerting.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.TreeMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Statistics over the alerts that began in [{@code from}, {@code to}). Immutable.
 *
 * @param total alerts that began in the window
 * @param active of those, the ones not resolved
 * @param bySeverity counts per {@code severity} label (empty string for none)
 * @param byRule counts per {@code alertname}
 * @param meanTimeToAcknowledge mean of acknowledged-at minus firing-at over acknowledged alerts
 * @param meanTimeToResolve mean of resolved-at minus firing-at over resolved alerts that fired
 * @param noisiest the rules with the most alerts, then the most notifications
 */
public record AlertStats(
    Instant from,
    Instant to,
    long total,
    long active,
    Map<String, Long> bySeverity,
    Map<String, Long> byRule,
    Optional<Duration> meanTimeToAcknowledge,
    Optional<Duration> meanTimeToResolve,
    List<RuleNoise> noisiest) {
  /** One rule's noise: its alerts and the notifications delivered about them. */
  public record RuleNoise(String name, long alerts, long notifications) {}

  public AlertStats {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    bySeverity = Map.copyOf(bySeverity);
    byRule = Map.copyOf(byRule);
    Objects.requireNonNull(meanTimeToAcknowledge, "meanTimeToAcknowledge");
    Objects.requireNonNull(meanTimeToResolve, "meanTimeToResolve");
    noisiest = List.copyOf(noisiest);
  }

  /** The statistics of {@code records} (the alerts that began in the window), {@code top} noisiest. */
  public static AlertStats compute(Instant from, Instant to, Collection<AlertRecord> records, int top) {
    Map<String, Long> bySeverity = new TreeMap<>();
    Map<String, Long> byRule = new TreeMap<>();
    Map<String, Long> notifications = new HashMap<>();
    long active = 0;
    long ackCount = 0;
    long ackMillis = 0;
    long resolveCount = 0;
    long resolveMillis = 0;
    for (AlertRecord r : records) {
      bySeverity.merge(r.severity(), 1L, Long::sum);
      byRule.merge(r.name(), 1L, Long::sum);
      notifications.merge(r.name(), (long) r.notifications(), Long::sum);
      if (!r.isResolved()) {
        active++;
      }
      Instant fired = r.firingAt().orElse(r.startsAt());
      if (r.acknowledgedAt().isPresent()) {
        ackCount++;
        ackMillis += Math.max(0, Duration.between(fired, r.acknowledgedAt().get()).toMillis());
      }
      if (r.resolvedAt().isPresent() && r.firingAt().isPresent()) {
        resolveCount++;
        resolveMillis += Math.max(0, Duration.between(fired, r.resolvedAt().get()).toMillis());
      }
    }
    List<RuleNoise> noise = new ArrayList<>();
    byRule.forEach((name, n) -> noise.add(new RuleNoise(name, n, notifications.getOrDefault(name, 0L))));
    noise.sort(Comparator.comparingLong(RuleNoise::alerts).thenComparingLong(RuleNoise::notifications).reversed()
        .thenComparing(RuleNoise::name));
    return new AlertStats(from, to, records.size(), active, bySeverity, byRule,
        ackCount == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ackMillis / ackCount)),
        resolveCount == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(resolveMillis / resolveCount)),
        noise.subList(0, Math.min(top, noise.size())));
  }
}
