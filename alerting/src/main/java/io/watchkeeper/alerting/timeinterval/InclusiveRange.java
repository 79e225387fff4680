package io.watchkeeper.alerting.timeinterval;

/** A range of whole numbers, both ends included: weekdays (0 = Sunday), days of the month, months, years. */
public record InclusiveRange(int begin, int end) {
  /** Whether {@code v} lies in the range. */
  public boolean contains(int v) {
    return v >= begin && v <= end;
  }
}
