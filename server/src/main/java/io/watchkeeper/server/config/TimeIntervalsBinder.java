package io.watchkeeper.server.config;

import io.watchkeeper.alerting.timeinterval.InclusiveRange;
import io.watchkeeper.alerting.timeinterval.TimeInterval;
import io.watchkeeper.alerting.timeinterval.TimeIntervalParser;
import io.watchkeeper.alerting.timeinterval.TimeIntervals;
import io.watchkeeper.alerting.timeinterval.TimeRange;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Binds {@code time_intervals} and the older {@code mute_time_intervals} as Alertmanager reads them. Stateless. */
final class TimeIntervalsBinder {
  private TimeIntervalsBinder() {}

  static TimeIntervals bind(Section top) {
    Map<String, List<TimeInterval>> byName = new LinkedHashMap<>();
    named(top, "mute_time_intervals", "mute time interval", byName);
    named(top, "time_intervals", "time interval", byName);
    return new TimeIntervals(byName);
  }

  private static void named(Section top, String key, String what, Map<String, List<TimeInterval>> byName) {
    for (Section s : top.sections(key)) {
      String name = s.string("name", "");
      if (name.isEmpty()) {
        s.binder().error(s.location(), s.path(), "missing name in " + what);
      } else if (byName.containsKey(name)) {
        s.error("name", what + " \"" + name + "\" is not unique");
      }
      List<TimeInterval> items = new ArrayList<>();
      for (Section i : s.sections("time_intervals")) {
        items.add(interval(i));
      }
      s.finish(Set.of());
      byName.put(name, items);
    }
  }

  private static TimeInterval interval(Section s) {
    List<TimeRange> times = new ArrayList<>();
    for (Section t : s.sections("times")) {
      Optional<String> start = t.string("start_time");
      Optional<String> end = t.string("end_time");
      if (start.isEmpty() || end.isEmpty()) {
        t.binder().error(t.location(), t.path(), "both start and end times must be provided");
      } else {
        try {
          times.add(TimeIntervalParser.timeRange(start.get(), end.get()));
        } catch (IllegalArgumentException e) {
          t.binder().error(t.location(), t.path(), e.getMessage());
        }
      }
      t.finish(Set.of());
    }
    List<InclusiveRange> weekdays = ranges(s, "weekdays", TimeIntervalParser::weekdays);
    List<InclusiveRange> days = ranges(s, "days_of_month", TimeIntervalParser::daysOfMonth);
    List<InclusiveRange> months = ranges(s, "months", TimeIntervalParser::months);
    List<InclusiveRange> years = ranges(s, "years", TimeIntervalParser::years);
    ZoneId zone = ZoneOffset.UTC;
    Optional<String> location = s.string("location");
    if (location.isPresent()) {
      try {
        zone = TimeIntervalParser.location(location.get());
      } catch (IllegalArgumentException e) {
        s.error("location", e.getMessage());
      }
    }
    s.finish(Set.of());
    return new TimeInterval(times, weekdays, days, months, years, zone);
  }

  private static List<InclusiveRange> ranges(Section s, String key, Function<String, InclusiveRange> parse) {
    List<InclusiveRange> out = new ArrayList<>();
    for (Section.Located l : s.locatedStrings(key)) {
      try {
        out.add(parse.apply(l.value()));
      } catch (IllegalArgumentException e) {
        s.binder().error(l.location(), l.path(), e.getMessage());
      }
    }
    return out;
  }
}
