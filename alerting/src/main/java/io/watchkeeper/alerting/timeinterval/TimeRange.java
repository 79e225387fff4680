package io.watchkeeper.alerting.timeinterval;

/**
 * A time of day range in minutes after midnight, start included, end excluded ({@code 09:00} to
 * {@code 17:00} is 540 to 1020; the end may be 1440, {@code 24:00}).
 */
public record TimeRange(int startMinute, int endMinute) {
  public TimeRange {
    if (startMinute < 0 || endMinute > 1440 || startMinute >= endMinute) {
      throw new IllegalArgumentException("start time cannot be equal or greater than end time");
    }
  }
}
