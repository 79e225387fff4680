package io.watchkeeper.model;

import java.util.Objects;

/** One sample of one series: labels, a timestamp in epoch milliseconds and a float value. */
public record Sample(Labels labels, long timestamp, double value) {
  public Sample {
    Objects.requireNonNull(labels, "labels");
  }
}
