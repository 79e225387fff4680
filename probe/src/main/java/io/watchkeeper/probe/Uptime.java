package io.watchkeeper.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A monitor's uptime over a window, from its status history: time up (healthy or degraded) over
 * time known (up or down); time unknown (before the first check, while Watchkeeper was stopped)
 * counts for neither, as Uptime Kuma does.
 *
 * @param window the length of the window
 * @param up time healthy or degraded
 * @param down time unhealthy
 * @param incidents transitions into unhealthy within the window
 */
public record Uptime(Duration window, Duration up, Duration down, int incidents) {
  /** The windows the API reports: 24 h, 7 d, 30 d and 90 d. */
  public static final Map<String, Duration> STANDARD_WINDOWS = standardWindows();

  private static Map<String, Duration> standardWindows() {
    Map<String, Duration> m = new LinkedHashMap<>();
    m.put("24h", Duration.ofHours(24));
    m.put("7d", Duration.ofDays(7));
    m.put("30d", Duration.ofDays(30));
    m.put("90d", Duration.ofDays(90));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Up over known time as a ratio in [0, 1]; empty when nothing is known. */
  public OptionalDouble ratio() {
    long known = up.toMillis() + down.toMillis();
    return known == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) up.toMillis() / known);
  }

  /** Up over known time in percent; empty when nothing is known. */
  public OptionalDouble percent() {
    OptionalDouble r = ratio();
    return r.isPresent() ? OptionalDouble.of(r.getAsDouble() * 100) : OptionalDouble.empty();
  }

  /** The uptime of {@code monitor} over the {@code window} before {@code now}. */
  public static Uptime of(StatusHistory history, String monitor, Instant now, Duration window) {
    Instant from = now.minus(window);
    Optional<StatusChange> before = history.latestAtOrBefore(monitor, from);
    List<StatusChange> changes = new ArrayList<>(history.changes(monitor, from, now));
    return compute(before.map(StatusChange::to).orElse(Status.UNKNOWN), changes, from, now);
  }

  /**
   * The uptime of {@code monitor} over each of {@link #STANDARD_WINDOWS}, from two reads of the
   * history (the longest window's changes and the status at its start).
   */
  public static Map<String, Uptime> standard(StatusHistory history, String monitor, Instant now) {
    Duration longest = STANDARD_WINDOWS.values().stream().max(Duration::compareTo).orElseThrow();
    Instant start = now.minus(longest);
    Status atStart = history.latestAtOrBefore(monitor, start).map(StatusChange::to).orElse(Status.UNKNOWN);
    List<StatusChange> all = history.changes(monitor, start, now);
    Map<String, Uptime> out = new LinkedHashMap<>();
    STANDARD_WINDOWS.forEach((name, w) -> {
      Instant from = now.minus(w);
      Status initial = atStart;
      List<StatusChange> inside = new ArrayList<>();
      for (StatusChange c : all) {
        if (c.at().isAfter(from)) {
          inside.add(c);
        } else {
          initial = c.to();
        }
      }
      out.put(name, compute(initial, inside, from, now));
    });
    return out;
  }

  /**
   * Integrates {@code changes} (ordered, all within {@code [from, to)}) starting from status
   * {@code initial} at {@code from}.
   */
  static Uptime compute(Status initial, List<StatusChange> changes, Instant from, Instant to) {
    long up = 0;
    long down = 0;
    int incidents = 0;
    Status current = initial;
    Instant t = from;
    for (StatusChange c : changes) {
      long span = Duration.between(t, c.at()).toMillis();
      if (current.isUp()) {
        up += span;
      } else if (current == Status.UNHEALTHY) {
        down += span;
      }
      if (c.to() == Status.UNHEALTHY && current != Status.UNHEALTHY) {
        incidents++;
      }
      current = c.to();
      t = c.at();
    }
    long span = Duration.between(t, to).toMillis();
    if (current.isUp()) {
      up += span;
    } else if (current == Status.UNHEALTHY) {
      down += span;
    }
    return new Uptime(Duration.between(from, to), Duration.ofMillis(up), Duration.ofMillis(down), incidents);
  }
}
