package io.watchkeeper.rules;

import io.watchkeeper.model.Labels;

/**
 * Which metric and label names are valid (Prometheus {@code model.ValidationScheme}): Prometheus 3
 * accepts any non-empty UTF-8 name; the legacy scheme only {@code [a-zA-Z_:][a-zA-Z0-9_:]*}
 * metric names and {@code [a-zA-Z_][a-zA-Z0-9_]*} label names.
 */
public enum NameValidation {
  /** Any non-empty name (Prometheus 3's default). */
  UTF8,
  /** The classic character sets. */
  LEGACY;

  /** Whether {@code name} is a valid metric name under this scheme. */
  public boolean isValidMetricName(String name) {
    return this == UTF8 ? !name.isEmpty() : Labels.isValidMetricName(name);
  }

  /** Whether {@code name} is a valid label name under this scheme. */
  public boolean isValidLabelName(String name) {
    return this == UTF8 ? !name.isEmpty() : Labels.isValidLabelName(name);
  }
}
