package io.watchkeeper.alerting.timeinterval;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One item of a {@code time_intervals} entry: a moment is inside when every configured part holds
 * (an empty list places no restriction), judged in {@code location} (UTC by default), as
 * Alertmanager's {@code TimeInterval.ContainsTime}. Immutable.
 *
 * @param daysOfMonth ranges of days; negative days count from the month's end ({@code -1} is the
 *     last day), clamped to the month
 */
public record TimeInterval(
    List<TimeRange> times,
    List<InclusiveRange> weekdays,
    List<InclusiveRange> daysOfMonth,
    List<InclusiveRange> months,
    List<InclusiveRange> years,
    ZoneId location) {
  public TimeInterval {
    times = List.copyOf(times);
    weekdays = List.copyOf(weekdays);
    daysOfMonth = List.copyOf(daysOfMonth);
    months = List.copyOf(months);
    years = List.copyOf(years);
  }

  /** An interval with no restriction in UTC: always inside. */
  public static final TimeInterval ALWAYS = new TimeInterval(List.of(), List.of(), List.of(), List.of(), List.of(), ZoneOffset.UTC);

  /** Whether {@code instant} lies inside the interval. */
  public boolean contains(Instant instant) {
    ZonedDateTime t = instant.atZone(location);
    if (!times.isEmpty()) {
      int minute = t.getHour() * 60 + t.getMinute();
      if (times.stream().noneMatch(r -> minute >= r.startMinute() && minute < r.endMinute())) {
        return false;
      }
    }
    if (!daysOfMonth.isEmpty() && !inDaysOfMonth(t)) {
      return false;
    }
    if (!months.isEmpty() && months.stream().noneMatch(r -> r.contains(t.getMonthValue()))) {
      return false;
    }
    int weekday = t.getDayOfWeek().getValue() % 7; // Sunday = 0, as Go's time.Weekday
    if (!weekdays.isEmpty() && weekdays.stream().noneMatch(r -> r.contains(weekday))) {
      return false;
    }
    return years.isEmpty() || years.stream().anyMatch(r -> r.contains(t.getYear()));
  }

  private boolean inDaysOfMonth(ZonedDateTime t) {
    int len = t.toLocalDate().lengthOfMonth();
    for (InclusiveRange r : daysOfMonth) {
      int begin = r.begin() < 0 ? len + r.begin() + 1 : r.begin();
      int end = r.end() < 0 ? len + r.end() + 1 : r.end();
      if (begin > len) {
        continue;
      }
      begin = Math.clamp(begin, -len, len);
      end = Math.clamp(end, -len, len);
      if (t.getDayOfMonth() >= begin && t.getDayOfMonth() <= end) {
        return true;
      }
    }
    return false;
  }
}
