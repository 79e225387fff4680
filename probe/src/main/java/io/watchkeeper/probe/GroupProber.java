package io.watchkeeper.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@link GroupSpec}: counts its members that are down, degraded and not checked yet, and
 * turns the counts into a verdict by the group's thresholds ("2/3 members healthy; failing:
 * telnyx"). Writes {@code probe_group_members} and {@code probe_group_members_failing}.
 * Thread-safe: reads states through the lookup.
 */
final class GroupProber implements Prober {
  private final GroupSpec spec;
  private final MonitorLookup lookup;

  GroupProber(GroupSpec spec, MonitorLookup lookup) {
    this.spec = spec;
    this.lookup = lookup;
  }

  @Override
  public ProbeOutcome probe(ProbeContext context, ProbeSamples samples) {
    List<String> failing = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String m : spec.members()) {
      Optional<MonitorState> s = lookup.state(m);
      Status st = s.map(MonitorState::status).orElse(Status.UNKNOWN);
      switch (st) {
        case UNHEALTHY -> failing.add(m);
        case DEGRADED -> degraded.add(m);
        case UNKNOWN -> unknown.add(m);
        case HEALTHY -> {
          // counted as the rest
        }
      }
    }
    int total = spec.members().size();
    samples.add("probe_group_members", total);
    samples.add("probe_group_members_failing", failing.size());
    if (unknown.size() == total) {
      return ProbeOutcome.unknown("no member checked yet");
    }
    int healthy = total - failing.size() - degraded.size() - unknown.size();
    StringBuilder msg = new StringBuilder().append(healthy).append('/').append(total).append(" members healthy");
    if (!failing.isEmpty()) {
      msg.append("; failing: ").append(String.join(", ", failing));
    }
    if (!degraded.isEmpty()) {
      msg.append("; degraded: ").append(String.join(", ", degraded));
    }
    if (!unknown.isEmpty()) {
      msg.append("; not checked yet: ").append(String.join(", ", unknown));
    }
    if (failing.size() >= spec.unhealthyWhenFailing()) {
      return ProbeOutcome.failed(msg.toString());
    }
    if (failing.size() >= spec.degradedWhenFailing() || !degraded.isEmpty() || !failing.isEmpty()) {
      return ProbeOutcome.degraded(msg.toString());
    }
    return ProbeOutcome.healthy(msg.toString());
  }
}
