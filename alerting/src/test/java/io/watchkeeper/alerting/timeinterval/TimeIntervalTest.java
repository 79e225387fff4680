package io.watchkeeper.alerting.timeinterval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeIntervalTest {
  // Weekday business hours in Berlin: the seeds' weekly maintenance window shape.
  private final TimeInterval businessHours = new TimeInterval(
      List.of(TimeIntervalParser.timeRange("09:00", "17:00")),
      List.of(TimeIntervalParser.weekdays("monday:friday")), List.of(), List.of(), List.of(), ZoneId.of("Europe/Berlin"));

  @ParameterizedTest
  @CsvSource({
    "2024-03-04T08:00:00Z, true",   // Monday 09:00 in Berlin (CET)
    "2024-03-04T07:59:59Z, false",  // Monday 08:59:59
    "2024-03-04T16:00:00Z, false",  // Monday 17:00: end excluded
    "2024-03-09T10:00:00Z, false",  // Saturday
    "2024-07-01T07:30:00Z, true",   // Monday 09:30 in summer time (CEST)
  })
  void timesAndWeekdaysInTheLocation(Instant t, boolean inside) {
    assertThat(businessHours.contains(t)).isEqualTo(inside);
  }

  @ParameterizedTest
  @CsvSource({
    "2024-02-29T12:00:00Z, true",   // last day of a leap February
    "2024-02-28T12:00:00Z, false",
    "2024-04-30T12:00:00Z, true",
    "2024-04-01T12:00:00Z, false",
  })
  void negativeDaysOfMonthCountFromTheEnd(Instant t, boolean inside) {
    TimeInterval lastDay = new TimeInterval(List.of(), List.of(), List.of(TimeIntervalParser.daysOfMonth("-1")), List.of(),
        List.of(), ZoneOffset.UTC);
    assertThat(lastDay.contains(t)).isEqualTo(inside);
  }

  @Test
  void monthsAndYears() {
    TimeInterval winter2024 = new TimeInterval(List.of(), List.of(), List.of(), List.of(TimeIntervalParser.months("january:march")),
        List.of(TimeIntervalParser.years("2024")), ZoneOffset.UTC);
    assertThat(winter2024.contains(Instant.parse("2024-02-10T00:00:00Z"))).isTrue();
    assertThat(winter2024.contains(Instant.parse("2024-04-10T00:00:00Z"))).isFalse();
    assertThat(winter2024.contains(Instant.parse("2025-02-10T00:00:00Z"))).isFalse();
    assertThat(TimeIntervalParser.months("5")).isEqualTo(new InclusiveRange(5, 5));
    assertThat(TimeIntervalParser.weekdays("Sunday")).isEqualTo(new InclusiveRange(0, 0));
  }

  @Test
  void parserRejectsWithAlertmanagersMessages() {
    assertThatThrownBy(() -> TimeIntervalParser.weekdays("friday:monday")).hasMessage("start day cannot be before end day");
    assertThatThrownBy(() -> TimeIntervalParser.weekdays("funday")).hasMessage("funday is not a valid day");
    assertThatThrownBy(() -> TimeIntervalParser.daysOfMonth("0")).hasMessage("0 is not a valid day of the month: out of range");
    assertThatThrownBy(() -> TimeIntervalParser.timeRange("17:00", "09:00"))
        .hasMessage("start time cannot be equal or greater than end time");
    assertThatThrownBy(() -> TimeIntervalParser.minuteOfDay("25:00")).hasMessage("couldn't parse timestamp 25:00, invalid format");
    assertThatThrownBy(() -> TimeIntervalParser.months("march:january")).hasMessage("end month january is before start month march");
  }

  @Test
  void routeMuterMutesInsideMuteIntervalsAndOutsideActiveOnes() {
    TimeIntervals intervals = new TimeIntervals(Map.of("business", List.of(businessHours)));
    Instant monday10 = Instant.parse("2024-03-04T09:00:00Z");
    Instant saturday = Instant.parse("2024-03-09T10:00:00Z");

    assertThat(intervals.muter(List.of("business"), List.of()).mutes(io.watchkeeper.model.Labels.EMPTY, monday10)).isTrue();
    assertThat(intervals.muter(List.of("business"), List.of()).mutes(io.watchkeeper.model.Labels.EMPTY, saturday)).isFalse();
    assertThat(intervals.muter(List.of(), List.of("business")).mutes(io.watchkeeper.model.Labels.EMPTY, saturday)).isTrue();
    assertThat(intervals.muter(List.of(), List.of("business")).mutes(io.watchkeeper.model.Labels.EMPTY, monday10)).isFalse();
  }
}
