package io.watchkeeper.server.config;

import io.watchkeeper.model.PromDuration;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One YAML map being bound onto a record: typed getters that take keys, report type errors with
 * their location and path, and at {@link #finish} report keys nobody took — as warnings when they
 * are valid Prometheus/Alertmanager keys we do not support, as errors otherwise. Not thread-safe.
 */
final class Section {
  private final Binder binder;
  private final String path;
  private final YamlNode.MapNode node;
  private final Set<String> taken = new HashSet<>();

  Section(Binder binder, String path, YamlNode.MapNode node) {
    this.binder = binder;
    this.path = path;
    this.node = node;
  }

  String path() {
    return path;
  }

  YamlNode.Location location() {
    return node.location();
  }

  Binder binder() {
    return binder;
  }

  String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The keys of the map, in file order (for maps whose keys are names, such as {@code details}). */
  List<String> keys() {
    return List.copyOf(node.entries().keySet());
  }

  boolean has(String key) {
    YamlNode.Entry e = node.entries().get(key);
    return e != null && !(e.value() instanceof YamlNode.Scalar s && s.isNull());
  }

  /** The raw value of {@code key}, marking it as taken; empty when absent or null. */
  Optional<YamlNode> take(String key) {
    taken.add(key);
    YamlNode.Entry e = node.entries().get(key);
    if (e == null || (e.value() instanceof YamlNode.Scalar s && s.isNull())) {
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  void error(String key, String message) {
    YamlNode.Entry e = node.entries().get(key);
    binder.error(e == null ? node.location() : e.value().location(), child(key), message);
  }

  private Optional<YamlNode.Scalar> scalar(String key) {
    Optional<YamlNode> v = take(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.get() instanceof YamlNode.Scalar s) {
      return Optional.of(s);
    }
    binder.error(v.get().location(), child(key), "expected a single value, got " + v.get().kind());
    return Optional.empty();
  }

  /** A string, with {@code ${VAR}} expanded. */
  Optional<String> string(String key) {
    return scalar(key).map(s -> binder.expand(s.text(), s.location(), child(key)));
  }

  /** A string taken literally, without environment expansion (relabel replacements use ${1}). */
  Optional<String> rawString(String key) {
    return scalar(key).map(YamlNode.Scalar::text);
  }

  String string(String key, String dflt) {
    return string(key).orElse(dflt);
  }

  boolean bool(String key, boolean dflt) {
    Optional<YamlNode.Scalar> s = scalar(key);
    if (s.isEmpty()) {
      return dflt;
    }
    String t = binder.expand(s.get().text(), s.get().location(), child(key)).toLowerCase(Locale.ROOT);
    return switch (t) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        binder.error(s.get().location(), child(key), "expected true or false, got \"" + s.get().text() + "\"");
        yield dflt;
      }
    };
  }

  long integer(String key, long dflt, long min) {
    Optional<YamlNode.Scalar> s = scalar(key);
    if (s.isEmpty()) {
      return dflt;
    }
    String t = binder.expand(s.get().text(), s.get().location(), child(key));
    try {
      long v = Long.parseLong(t);
      if (v < min) {
        binder.error(s.get().location(), child(key), "must be >= " + min + ", got " + v);
        return dflt;
      }
      return v;
    } catch (NumberFormatException e) {
      binder.error(s.get().location(), child(key), "expected a whole number, got \"" + t + "\"");
      return dflt;
    }
  }

  /** A Prometheus duration (15s, 1m30s); {@code positive} rejects zero. */
  Optional<Duration> duration(String key, boolean positive) {
    Optional<YamlNode.Scalar> s = scalar(key);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String t = binder.expand(s.get().text(), s.get().location(), child(key));
    try {
      Duration d = PromDuration.parse(t);
      if (positive && d.isZero()) {
        binder.error(s.get().location(), child(key), "must be > 0, got " + t);
        return Optional.empty();
      }
      return Optional.of(d);
    } catch (IllegalArgumentException e) {
      binder.error(s.get().location(), child(key), e.getMessage() + " (use e.g. 15s, 5m, 1h30m, 100ms)");
      return Optional.empty();
    }
  }

  /** A size such as {@code 10MB}, {@code 512KiB} or {@code 1024} (bytes; KB = 1024 as in Prometheus). */
  long bytes(String key, long dflt) {
    Optional<YamlNode.Scalar> s = scalar(key);
    if (s.isEmpty()) {
      return dflt;
    }
    String t = binder.expand(s.get().text(), s.get().location(), child(key)).strip();
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    String unit = t.substring(i).toUpperCase(Locale.ROOT).replace("IB", "B");
    long mult = switch (unit) {
      case "", "B" -> 1;
      case "KB", "K" -> 1L << 10;
      case "MB", "M" -> 1L << 20;
      case "GB", "G" -> 1L << 30;
      case "TB", "T" -> 1L << 40;
      default -> -1;
    };
    if (i == 0 || mult < 0) {
      binder.error(s.get().location(), child(key), "expected a size such as 10MB or 512KiB, got \"" + t + "\"");
      return dflt;
    }
    return Long.parseLong(t.substring(0, i)) * mult;
  }

  /** A string with where it was written. */
  record Located(String value, YamlNode.Location location, String path) {}

  /** A list of strings, each with its location for item-level messages. */
  List<Located> locatedStrings(String key) {
    Optional<YamlNode> v = take(key);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!(v.get() instanceof YamlNode.ListNode list)) {
      binder.error(v.get().location(), child(key), "expected a list, got " + v.get().kind());
      return List.of();
    }
    List<Located> out = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String itemPath = child(key) + "[" + i + "]";
      if (item instanceof YamlNode.Scalar s && !s.isNull()) {
        out.add(new Located(binder.expand(s.text(), s.location(), itemPath), s.location(), itemPath));
      } else {
        binder.error(item.location(), itemPath, "expected a string, got " + item.kind());
      }
    }
    return out;
  }

  /** A list of strings. */
  List<String> strings(String key) {
    return locatedStrings(key).stream().map(Located::value).toList();
  }

  /** A map of strings to strings (labels, headers). */
  Map<String, String> stringMap(String key) {
    Optional<Section> sec = section(key);
    if (sec.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (YamlNode.Entry e : sec.get().node.entries().values()) {
      sec.get().taken.add(e.key());
      if (e.value() instanceof YamlNode.Scalar s) {
        out.put(e.key(), s.isNull() ? "" : binder.expand(s.text(), s.location(), sec.get().child(e.key())));
      } else {
        binder.error(e.value().location(), sec.get().child(e.key()), "expected a string, got " + e.value().kind());
      }
    }
    return out;
  }

  /** A map of strings to lists of strings (HTTP params). */
  Map<String, List<String>> stringListMap(String key) {
    Optional<Section> sec = section(key);
    if (sec.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (YamlNode.Entry e : sec.get().node.entries().values()) {
      out.put(e.key(), sec.get().strings(e.key()));
    }
    return out;
  }

  /** A nested map as a section. */
  Optional<Section> section(String key) {
    Optional<YamlNode> v = take(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.get() instanceof YamlNode.MapNode m) {
      return Optional.of(new Section(binder, child(key), m));
    }
    binder.error(v.get().location(), child(key), "expected a map, got " + v.get().kind());
    return Optional.empty();
  }

  /** A list of maps, each as a section. */
  List<Section> sections(String key) {
    Optional<YamlNode> v = take(key);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!(v.get() instanceof YamlNode.ListNode list)) {
      binder.error(v.get().location(), child(key), "expected a list, got " + v.get().kind());
      return List.of();
    }
    List<Section> out = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      if (item instanceof YamlNode.MapNode m) {
        out.add(new Section(binder, child(key) + "[" + i + "]", m));
      } else {
        binder.error(item.location(), child(key) + "[" + i + "]", "expected a map, got " + item.kind());
      }
    }
    return out;
  }

  /**
   * A secret given inline ({@code key}) or in a file ({@code fileKey}); both is an error, as in
   * Prometheus.
   */
  Secret secret(String key, String fileKey) {
    Optional<String> inline = string(key);
    Optional<YamlNode.Scalar> file = scalar(fileKey);
    if (inline.isPresent() && file.isPresent()) {
      error(fileKey, "at most one of " + key + " and " + fileKey + " must be configured");
      return Secret.EMPTY;
    }
    if (file.isPresent()) {
      String name = binder.expand(file.get().text(), file.get().location(), child(fileKey));
      return binder.readSecretFile(name, file.get().location(), child(fileKey)).map(Secret::of).orElse(Secret.EMPTY);
    }
    return inline.map(Secret::of).orElse(Secret.EMPTY);
  }

  /**
   * Reports keys not taken: those in {@code unsupported} (valid upstream, not acted on here) as
   * one warning naming them, any other as an error.
   */
  void finish(Set<String> unsupported) {
    List<String> ignored = new ArrayList<>();
    for (YamlNode.Entry e : node.entries().values()) {
      if (taken.contains(e.key())) {
        continue;
      }
      if (unsupported.contains(e.key())) {
        ignored.add(e.key());
      } else {
        binder.error(e.keyLocation(), child(e.key()), "unknown key" + suggestion(e.key()));
      }
    }
    if (!ignored.isEmpty()) {
      binder.warn(node.location(), path.isEmpty() ? "(top level)" : path,
          "not supported yet, ignored: " + String.join(", ", ignored));
    }
  }

  private String suggestion(String key) {
    String best = "";
    int bestDist = 3;
    for (String k : taken) {
      int d = distance(key, k);
      if (d < bestDist) {
        bestDist = d;
        best = k;
      }
    }
    return best.isEmpty() ? "" : " (did you mean \"" + best + "\"?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
