package io.watchkeeper.model;

import java.util.Locale;

/** Metric family types of the Prometheus text and OpenMetrics formats. */
public enum MetricType {
  COUNTER,
  GAUGE,
  HISTOGRAM,
  GAUGE_HISTOGRAM,
  SUMMARY,
  INFO,
  STATESET,
  UNKNOWN;

  /** The name used by the exposition formats and the metadata API, e.g. {@code gaugehistogram}. */
  public String text() {
    return name().replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Parses the exposition name ({@code counter}, {@code gaugehistogram}, ...); unknown → empty. */
  public static java.util.Optional<MetricType> fromText(String text) {
    for (MetricType t : values()) {
      if (t.text().equals(text)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }
}
