package io.watchkeeper.probe;

import java.util.HashSet;
import java.util.List;

/**
 * A group of monitors ({@code type: group}), such as "external APIs": healthy when every member is
 * up, degraded when at least {@code degradedWhenFailing} members are down (or some are degraded),
 * unhealthy when at least {@code unhealthyWhenFailing} are down. The seeds: 1 to 2 failing is
 * degraded, 3 or more unhealthy. A group checks nothing itself; it reads its members' states.
 *
 * @param members names of other, non-group monitors
 */
public record GroupSpec(List<String> members, int degradedWhenFailing, int unhealthyWhenFailing) implements ProbeSpec {
  public GroupSpec {
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one member");
    }
    if (new HashSet<>(members).size() != members.size()) {
      throw new IllegalArgumentException("a group lists a member twice");
    }
    if (degradedWhenFailing < 1) {
      throw new IllegalArgumentException("failing.degraded must be >= 1, got " + degradedWhenFailing);
    }
    if (unhealthyWhenFailing < degradedWhenFailing) {
      throw new IllegalArgumentException("failing.unhealthy (" + unhealthyWhenFailing + ") must be >= failing.degraded ("
          + degradedWhenFailing + ")");
    }
  }

  /** Degraded at one failing member, unhealthy when all fail. */
  public static GroupSpec of(List<String> members) {
    return new GroupSpec(members, 1, Math.max(1, members.size()));
  }

  @Override
  public MonitorType type() {
    return MonitorType.GROUP;
  }
}
