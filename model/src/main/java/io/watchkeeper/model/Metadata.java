package io.watchkeeper.model;

import java.util.Objects;

/** What an exposition says about a metric family: its type, help text and unit (may be empty). */
public record Metadata(MetricType type, String help, String unit) {
  public Metadata {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(unit, "unit");
  }
}
