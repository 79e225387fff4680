package io.watchkeeper.alerting.timeinterval;

import io.watchkeeper.alerting.alert.Muter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The named time intervals of a configuration ({@code time_intervals} and the older {@code
 * mute_time_intervals}), each a list of {@link TimeInterval}s: a moment is in a named interval when
 * it is in any of its items. Immutable.
 */
public record TimeIntervals(Map<String, List<TimeInterval>> byName) {
  /** No intervals. */
  public static final TimeIntervals NONE = new TimeIntervals(Map.of());

  public TimeIntervals {
    byName = Map.copyOf(byName);
  }

  /**
   * Whether {@code t} is in the named interval.
   *
   * @throws IllegalArgumentException for an unknown name (the config binder rejects those)
   */
  public boolean contains(String name, Instant t) {
    List<TimeInterval> items = byName.get(name);
    if (items == null) {
      throw new IllegalArgumentException("time interval \"" + name + "\" doesn't exist in config");
    }
    return items.stream().anyMatch(i -> i.contains(t));
  }

  /** The names among {@code names} that contain {@code t}. */
  public List<String> containing(List<String> names, Instant t) {
    return names.stream().filter(n -> contains(n, t)).toList();
  }

  /**
   * The muter of a route: everything is muted while any of its mute intervals holds, and while
   * none of its active intervals does (when it has any). Labels do not matter.
   */
  public Muter muter(List<String> muteIntervals, List<String> activeIntervals) {
    return (labels, now) -> !containing(muteIntervals, now).isEmpty()
        || (!activeIntervals.isEmpty() && containing(activeIntervals, now).isEmpty());
  }
}
