package io.watchkeeper.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The series values one check produced, before the monitor's labels are added: a metric name,
 * extra label pairs ({@code phase="connect"}) and a value. Filled by a {@link Prober}; written by
 * the scheduler. Not thread-safe: one check's thread.
 */
public final class ProbeSamples {
  /**
   * One value.
   *
   * @param labels extra label names and values, alternating
   */
  public record Sample(String name, List<String> labels, double value) {
    public Sample {
      Objects.requireNonNull(name, "name");
      labels = List.copyOf(labels);
      if (labels.size() % 2 != 0) {
        throw new IllegalArgumentException("BUG: labels need name/value pairs");
      }
    }

    /** The value of extra label {@code label}, or the empty string. */
    public String label(String label) {
      for (int i = 0; i < labels.size(); i += 2) {
        if (labels.get(i).equals(label)) {
          return labels.get(i + 1);
        }
      }
      return "";
    }
  }

  private final List<Sample> samples = new ArrayList<>();

  /** Adds {@code name} = {@code value} with extra label pairs. */
  public void add(String name, double value, String... labelPairs) {
    samples.add(new Sample(name, List.of(labelPairs), value));
  }

  /** Adds 1 or 0. */
  public void add(String name, boolean value, String... labelPairs) {
    add(name, value ? 1 : 0, labelPairs);
  }

  /** Drops everything added so far (a retried attempt starts over). */
  public void clear() {
    samples.clear();
  }

  /** What was added, in order. */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The first value of {@code name} without extra labels, if added. */
  public java.util.OptionalDouble value(String name) {
    for (Sample s : samples) {
      if (s.name().equals(name) && s.labels().isEmpty()) {
        return java.util.OptionalDouble.of(s.value());
      }
    }
    return java.util.OptionalDouble.empty();
  }
}
