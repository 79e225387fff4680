package io.watchkeeper.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sample of one series: labels, a timestamp in epoch milliseconds and either a float value or
 * a native histogram. A histogram sample has {@code value} 0 (as Prometheus' {@code promql.Sample}
 * has {@code F} 0 when {@code H} is set); read {@link #histogram()} first.
 */
public record Sample(Labels labels, long timestamp, double value, @Nullable FloatHistogram histogram) {
  public Sample {
    Objects.requireNonNull(labels, "labels");
  }

  /** A float sample. */
  public Sample(Labels labels, long timestamp, double value) {
    this(labels, timestamp, value, null);
  }

  /** A histogram sample. */
  public static Sample ofHistogram(Labels labels, long timestamp, FloatHistogram histogram) {
    return new Sample(labels, timestamp, 0, histogram);
  }

  /** Whether this is a histogram sample. */
  public boolean isHistogram() {
    return histogram != null;
  }
}
