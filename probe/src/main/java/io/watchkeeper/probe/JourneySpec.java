package io.watchkeeper.probe;

import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.TlsSettings;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A synthetic journey ({@code type: journey}): HTTP steps run in order within the monitor's
 * timeout, each checked, carrying values forward in variables. A step's URL, header values and
 * body may use {@code ${name}} for a variable set by {@code variables:} or extracted by an earlier
 * step, and the built-ins {@code ${__random}} (16 random hex digits, new per run) and {@code
 * ${__timestamp}} (epoch milliseconds of the run). The journey fails at its first failing step.
 *
 * @param variables initial variables (may themselves use the built-ins)
 */
public record JourneySpec(List<JourneyStep> steps, Map<String, String> variables, TlsSettings tls, AddressPreference ip,
    long bodySizeLimitBytes) implements ProbeSpec {
  public JourneySpec {
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(ip, "ip");
    steps = List.copyOf(steps);
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a journey needs at least one step");
    }
    Set<String> names = new HashSet<>();
    for (JourneyStep s : steps) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("step name \"" + s.name() + "\" is used twice");
      }
    }
    for (String v : variables.keySet()) {
      if (!JourneyStep.isVariableName(v)) {
        throw new IllegalArgumentException("variable names are letters, digits and _, got \"" + v + "\"");
      }
    }
    if (bodySizeLimitBytes <= 0) {
      throw new IllegalArgumentException("body_size_limit must be > 0");
    }
  }

  /** Steps with no initial variables and the defaults. */
  public static JourneySpec of(List<JourneyStep> steps) {
    return new JourneySpec(steps, Map.of(), TlsSettings.DEFAULT, AddressPreference.DEFAULT, HttpSpec.DEFAULT_BODY_LIMIT);
  }

  @Override
  public MonitorType type() {
    return MonitorType.JOURNEY;
  }

  @Override
  public String toString() {
    // Variable values may hold credentials expanded from the environment: names only.
    return "JourneySpec[steps=" + steps.stream().map(JourneyStep::name).toList() + ", variables=" + variables.keySet() + "]";
  }
}
