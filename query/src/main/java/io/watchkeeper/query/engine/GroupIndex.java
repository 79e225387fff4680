package io.watchkeeper.query.engine;

import io.watchkeeper.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns series to aggregation groups by a subset of their labels ({@code by (...)} keeps the
 * listed names, {@code without (...)} drops them and the metric name). Each series is hashed over
 * the chosen label pairs in place, so grouping 100k series builds no strings and no label sets;
 * only a new group's output labels are built, once. Hash collisions are resolved by comparing the
 * label subsets. Not thread-safe.
 */
final class GroupIndex {
  private final String[] names; // sorted
  private final boolean by;
  private final Map<Long, Object> byHash = new HashMap<>(); // Integer or List<Integer> on collision
  private final List<Labels> representatives = new ArrayList<>();

  GroupIndex(List<String> grouping, boolean without) {
    this.names = grouping.stream().distinct().sorted().toArray(String[]::new);
    this.by = !without;
  }

  /** Whether the label {@code name} takes part in grouping. */
  boolean includes(String name) {
    boolean listed = contains(name);
    return by ? listed : !listed && !name.equals(Labels.METRIC_NAME);
  }

  private boolean contains(String name) {
    for (String n : names) {
      if (n.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code by} lists the metric name (then the group keeps it). */
  boolean keepsMetricName() {
    return by && contains(Labels.METRIC_NAME);
  }

  /** The group of a series, created if new. */
  int groupOf(Labels labels) {
    long h = hash(labels);
    Object slot = byHash.get(h);
    if (slot == null) {
      int g = add(labels);
      byHash.put(h, g);
      return g;
    }
    if (slot instanceof Integer g) {
      if (sameGroup(labels, representatives.get(g))) {
        return g;
      }
      List<Integer> chain = new ArrayList<>(List.of(g));
      int n = add(labels);
      chain.add(n);
      byHash.put(h, chain);
      return n;
    }
    @SuppressWarnings("unchecked")
    List<Integer> chain = (List<Integer>) slot;
    for (int g : chain) {
      if (sameGroup(labels, representatives.get(g))) {
        return g;
      }
    }
    int n = add(labels);
    chain.add(n);
    return n;
  }

  private int add(Labels labels) {
    representatives.add(labels);
    return representatives.size() - 1;
  }

  /** The labels of group {@code g} as the aggregation outputs them. */
  Labels groupLabels(int g) {
    Labels rep = representatives.get(g);
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < rep.size(); i++) {
      if (includes(rep.name(i))) {
        b.set(rep.name(i), rep.value(i));
      }
    }
    return b.build();
  }

  private long hash(Labels labels) {
    long h = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < labels.size(); i++) {
      String n = labels.name(i);
      if (includes(n)) {
        h = (h ^ n.hashCode()) * 0xff51afd7ed558ccdL;
        h = (h ^ labels.value(i).hashCode()) * 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 29;
      }
    }
    return h;
  }

  private boolean sameGroup(Labels a, Labels b) {
    int i = 0;
    int j = 0;
    while (true) {
      while (i < a.size() && !includes(a.name(i))) {
        i++;
      }
      while (j < b.size() && !includes(b.name(j))) {
        j++;
      }
      if (i == a.size() || j == b.size()) {
        return i == a.size() && j == b.size();
      }
      if (!a.name(i).equals(b.name(j)) || !a.value(i).equals(b.value(j))) {
        return false;
      }
      i++;
      j++;
    }
  }
}
