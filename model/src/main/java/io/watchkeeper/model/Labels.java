package io.watchkeeper.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of label pairs, sorted by name, names unique, values never empty (a label with
 * an empty value is the same as no label, as in Prometheus). The metric name is the label {@value
 * #METRIC_NAME}.
 *
 * <p>Stored as one array of alternating names and values to keep a series' labels to two objects.
 * Thread-safe.
 */
public final class Labels implements Comparable<Labels>, Iterable<Label> {
  /** The label that holds the metric name. */
  public static final String METRIC_NAME = "__name__";

  /** No labels. */
  public static final Labels EMPTY = new Labels(new String[0]);

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final String[] pairs; // name0, value0, name1, value1, ... sorted by name
  private int hashCode; // cached; 0 = not computed yet (benign race)

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /**
   * Labels from alternating names and values, in any order. Empty values are dropped.
   *
   * @throws IllegalArgumentException on an odd count or a repeated name
   */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs, got an odd count");
    }
    Builder b = new Builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (b.has(namesAndValues[i])) {
        throw new IllegalArgumentException("duplicate label name " + namesAndValues[i]);
      }
      b.set(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  /** Labels from a map; empty values are dropped. */
  public static Labels of(Map<String, String> map) {
    Builder b = new Builder();
    map.forEach(b::set);
    return b.build();
  }

  /** A builder starting empty. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these labels. */
  public Builder toBuilder() {
    return new Builder().reset(this);
  }

  /** Number of label pairs. */
  public int size() {
    return pairs.length / 2;
  }

  /** Whether there are no labels. */
  public boolean isEmpty() {
    return pairs.length == 0;
  }

  /** Name of the i-th label in sorted order. */
  public String name(int i) {
    return pairs[2 * i];
  }

  /** Value of the i-th label in sorted order. */
  public String value(int i) {
    return pairs[2 * i + 1];
  }

  /** The value of the label {@code name}, or the empty string when there is none. */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? "" : pairs[2 * i + 1];
  }

  /** Whether a label {@code name} is present. */
  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /** The metric name, or the empty string. */
  public String metricName() {
    return get(METRIC_NAME);
  }

  private int indexOf(String name) {
    // Label sets are small (typically < 16): a linear scan beats binary search on short arrays.
    for (int i = 0; i < pairs.length; i += 2) {
      int c = pairs[i].compareTo(name);
      if (c == 0) {
        return i / 2;
      }
      if (c > 0) {
        return -1;
      }
    }
    return -1;
  }

  /** These labels without the metric name. */
  public Labels withoutMetricName() {
    int i = indexOf(METRIC_NAME);
    if (i < 0) {
      return this;
    }
    // A direct copy around the pair: PromQL drops the name from every series a function or
    // operator touches, so this is on the hot path of most queries.
    String[] rest = new String[pairs.length - 2];
    System.arraycopy(pairs, 0, rest, 0, 2 * i);
    System.arraycopy(pairs, 2 * i + 2, rest, 2 * i, pairs.length - 2 * i - 2);
    return new Labels(rest);
  }

  /** These labels without the given names. */
  public Labels without(Collection<String> names) {
    Builder b = toBuilder();
    for (String n : names) {
      b.delete(n);
    }
    return b.build();
  }

  /** Only the labels with the given names. */
  public Labels keeping(Collection<String> names) {
    Set<String> keep = names instanceof Set<String> s ? s : Set.copyOf(names);
    Builder b = new Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (keep.contains(pairs[i])) {
        b.set(pairs[i], pairs[i + 1]);
      }
    }
    return b.build();
  }

  /** A map view copy in sorted name order. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** The label pairs as a list in sorted order. */
  public List<Label> toList() {
    List<Label> l = new ArrayList<>(size());
    for (Label label : this) {
      l.add(label);
    }
    return l;
  }

  /**
   * A 64-bit hash of the names and values, stable across processes and versions (FNV-1a over the
   * UTF-16 code units with a separator after each string): usable in files and for sharding.
   */
  public long stableHash() {
    long h = FNV_OFFSET;
    for (String s : pairs) {
      for (int i = 0; i < s.length(); i++) {
        h ^= s.charAt(i);
        h *= FNV_PRIME;
      }
      h ^= 0xffff;
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public Iterator<Label> iterator() {
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < pairs.length;
      }

      @Override
      public Label next() {
        if (i >= pairs.length) {
          throw new NoSuchElementException();
        }
        Label l = new Label(pairs[i], pairs[i + 1]);
        i += 2;
        return l;
      }
    };
  }

  /** Orders as Prometheus' {@code labels.Compare}: pair by pair (name, then value), shorter first. */
  @Override
  public int compareTo(Labels o) {
    int n = Math.min(pairs.length, o.pairs.length);
    for (int i = 0; i < n; i++) {
      int c = pairs[i].compareTo(o.pairs[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pairs.length, o.pairs.length);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o || (o instanceof Labels l && Arrays.equals(pairs, l.pairs));
  }

  @Override
  public int hashCode() {
    int h = hashCode;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      hashCode = h;
    }
    return h;
  }

  /** Prometheus' notation: {@code {__name__="up", job="api"}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(pairs[i]).append('=');
      quote(sb, pairs[i + 1]);
    }
    return sb.append('}').toString();
  }

  /** Appends {@code s} as a double-quoted string with Go-style escapes for {@code \ " \n}. */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    sb.append('"');
  }

  /** Whether {@code s} is a valid label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isValidLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} is a valid metric name: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
  public static boolean isValidMetricName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Builds {@link Labels}; setting an empty value deletes the label. Not thread-safe; reusable
   * after {@link #reset}.
   */
  public static final class Builder {
    private String[] pairs = new String[16];
    private int len; // number of used slots (2 per label), unsorted

    /** Starts over from {@code base}. */
    public Builder reset(Labels base) {
      if (pairs.length < base.pairs.length) {
        pairs = new String[Math.max(16, base.pairs.length * 2)];
      }
      System.arraycopy(base.pairs, 0, pairs, 0, base.pairs.length);
      Arrays.fill(pairs, base.pairs.length, len < base.pairs.length ? base.pairs.length : len, null);
      len = base.pairs.length;
      return this;
    }

    /** Starts over empty. */
    public Builder clear() {
      Arrays.fill(pairs, 0, len, null);
      len = 0;
      return this;
    }

    /** Sets {@code name} to {@code value}; an empty value deletes the label. */
    public Builder set(String name, String value) {
      if (value.isEmpty()) {
        return delete(name);
      }
      for (int i = 0; i < len; i += 2) {
        if (pairs[i].equals(name)) {
          pairs[i + 1] = value;
          return this;
        }
      }
      if (len == pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[len++] = name;
      pairs[len++] = value;
      return this;
    }

    /** Removes {@code name} if present. */
    public Builder delete(String name) {
      for (int i = 0; i < len; i += 2) {
        if (pairs[i].equals(name)) {
          pairs[i] = pairs[len - 2];
          pairs[i + 1] = pairs[len - 1];
          pairs[len - 2] = null;
          pairs[len - 1] = null;
          len -= 2;
          return this;
        }
      }
      return this;
    }

    /** The current value of {@code name}, or the empty string. */
    public String get(String name) {
      for (int i = 0; i < len; i += 2) {
        if (pairs[i].equals(name)) {
          return pairs[i + 1];
        }
      }
      return "";
    }

    /** Whether {@code name} is set. */
    public boolean has(String name) {
      return !get(name).isEmpty();
    }

    /** Number of labels set. */
    public int size() {
      return len / 2;
    }

    /** The labels built so far, sorted by name. The builder stays usable. */
    public Labels build() {
      if (len == 0) {
        return EMPTY;
      }
      String[] out = Arrays.copyOf(pairs, len);
      // insertion sort by name: label sets are small and often already sorted
      for (int i = 2; i < out.length; i += 2) {
        String n = out[i];
        String v = out[i + 1];
        int j = i - 2;
        while (j >= 0 && out[j].compareTo(n) > 0) {
          out[j + 2] = out[j];
          out[j + 3] = out[j + 1];
          j -= 2;
        }
        out[j + 2] = n;
        out[j + 3] = v;
      }
      return new Labels(out);
    }
  }
}
