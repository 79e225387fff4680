package io.watchkeeper.server.config;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.PromDuration;
import io.watchkeeper.probe.GroupSpec;
import io.watchkeeper.probe.LatencyThresholds;
import io.watchkeeper.probe.MonitorConfig;
import io.watchkeeper.probe.MonitorType;
import io.watchkeeper.probe.ProbeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the {@code monitors:} section onto probe's {@link MonitorConfig}s, every problem placed at
 * file:line:column: unknown or missing types, a {@code url:} where a {@code target:} belongs (and
 * back), unparsable targets and URLs, thresholds in the wrong order, a timeout longer than the
 * interval, duplicate names, groups naming unknown monitors or other groups, journey steps using
 * variables nobody sets. The keys common to every type are read here; {@link HttpMonitorBinder},
 * {@link JourneyBinder} and {@link TargetBinder} read the type-specific ones.
 *
 * <p>{@link ConfigLoader} calls {@code MonitorsBinder.bind(top.sections("monitors"))}, so one pass
 * reports the problems of every section together.
 *
 * <pre>{@code
 * monitors:
 *   - name: api                      # unique; every probe series carries monitor="api"
 *     type: http                     # http | tcp | dns | postgres | redis | journey | group
 *     url: https://api.example.com/health
 *     interval: 30s                  # default 30s
 *     timeout: 5s                    # default 10s, at most the interval
 *     retries: 0                     # extra attempts within one check
 *     failure_threshold: 2           # consecutive failed checks before down (default 2)
 *     recovery_threshold: 1          # consecutive passing checks before up again (default 1)
 *     thresholds: {degraded: 200ms, unhealthy: 1000ms}
 *     expect: {status: [200], body_contains: "ok"}
 *     labels: {service: api, team: platform, severity: critical}
 * }</pre>
 *
 * Not thread-safe: one binding pass.
 */
final class MonitorsBinder {
  private static final Set<String> TYPES = Set.of("http", "tcp", "dns", "postgres", "redis", "journey", "group");
  private static final Set<String> TARGET_TYPES = Set.of("tcp", "dns", "postgres", "redis");

  private MonitorsBinder() {}

  /** Where a group was written, to place errors about its members. */
  private record GroupAt(Section section, GroupSpec spec, List<Section.Located> members) {}

  /** Binds every list item; problems go to the sections' binder. Items with errors are left out. */
  static List<MonitorConfig> bind(List<Section> items) {
    List<MonitorConfig> out = new ArrayList<>();
    Map<String, YamlNode.Location> names = new HashMap<>();
    Map<String, MonitorType> types = new LinkedHashMap<>();
    List<GroupAt> groups = new ArrayList<>();
    for (Section s : items) {
      int errorsBefore = s.binder().errors().size();
      Optional<String> name = name(s, names);
      Optional<String> typeText = s.string("type");
      boolean typeKnown = typeText.isPresent() && TYPES.contains(typeText.get().strip().toLowerCase(Locale.ROOT));
      Optional<ProbeBinding> probe = spec(s, typeText);
      Optional<MonitorConfig> config = common(s, name, probe.map(ProbeBinding::spec));
      if (typeKnown) {
        s.finish(Set.of()); // with the type unknown, which keys belong is unknown too: no unknown-key noise
      }
      if (probe.isPresent() && probe.get().spec() instanceof GroupSpec g) {
        groups.add(new GroupAt(s, g, probe.get().members()));
      }
      if (config.isPresent() && s.binder().errors().size() == errorsBefore) {
        out.add(config.get());
        types.put(config.get().name(), config.get().type());
      }
    }
    for (GroupAt g : groups) {
      for (Section.Located m : g.members()) {
        MonitorType t = types.get(m.value());
        if (t == null && !names.containsKey(m.value())) {
          g.section().binder().error(m.location(), m.path(), "no monitor is named \"" + m.value() + "\"");
        } else if (t == MonitorType.GROUP) {
          g.section().binder().error(m.location(), m.path(), "\"" + m.value() + "\" is a group; groups cannot contain groups");
        }
      }
    }
    return out;
  }

  /** A bound spec and, for groups, where each member was written. */
  record ProbeBinding(ProbeSpec spec, List<Section.Located> members) {}

  private static Optional<String> name(Section s, Map<String, YamlNode.Location> names) {
    Optional<String> name = s.string("name");
    if (name.isEmpty() || name.get().isBlank()) {
      s.binder().error(s.location(), s.child("name"), "every monitor needs a name");
      return Optional.empty();
    }
    if (name.get().chars().anyMatch(Character::isISOControl)) {
      s.error("name", "a monitor name must not contain control characters");
      return Optional.empty();
    }
    YamlNode.Location first = names.putIfAbsent(name.get(), s.location());
    if (first != null) {
      s.error("name", "monitor name \"" + name.get() + "\" is already used at line " + first.line()
          + " (names must be unique: they become the monitor label)");
    }
    return name;
  }

  private static Optional<ProbeBinding> spec(Section s, Optional<String> typeText) {
    if (typeText.isEmpty()) {
      s.binder().error(s.location(), s.child("type"), "every monitor needs a type (http, tcp, dns, postgres, redis, journey"
          + " or group)");
      return Optional.empty();
    }
    String type = typeText.get().strip().toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      s.error("type", "unknown monitor type \"" + typeText.get() + "\" (use http, tcp, dns, postgres, redis, journey or group)");
      return Optional.empty();
    }
    if (!type.equals("http") && s.has("url")) {
      s.error("url", "type " + type + " does not take url:" + (TARGET_TYPES.contains(type) ? " (use target:)"
          : type.equals("journey") ? " (each step has its own url:)" : ""));
      s.take("url");
    }
    if (!TARGET_TYPES.contains(type) && s.has("target")) {
      s.error("target", "type " + type + " does not take target:" + (type.equals("http") ? " (use url:)" : ""));
      s.take("target");
    }
    return switch (type) {
      case "http" -> HttpMonitorBinder.http(s).map(h -> new ProbeBinding(h, List.of()));
      case "tcp" -> TargetBinder.tcp(s).map(t -> new ProbeBinding(t, List.of()));
      case "dns" -> TargetBinder.dns(s).map(t -> new ProbeBinding(t, List.of()));
      case "postgres" -> TargetBinder.postgres(s).map(t -> new ProbeBinding(t, List.of()));
      case "redis" -> TargetBinder.redis(s).map(t -> new ProbeBinding(t, List.of()));
      case "journey" -> JourneyBinder.journey(s).map(j -> new ProbeBinding(j, List.of()));
      default -> group(s);
    };
  }

  private static Optional<ProbeBinding> group(Section s) {
    List<Section.Located> members = s.locatedStrings("members");
    if (members.isEmpty()) {
      s.binder().error(s.location(), s.child("members"), "a group needs members: the names of the monitors it is made of");
      return Optional.empty();
    }
    int degraded = 1;
    int unhealthy = members.size();
    Optional<Section> failing = s.section("failing");
    if (failing.isPresent()) {
      degraded = (int) failing.get().integer("degraded", 1, 1);
      unhealthy = (int) failing.get().integer("unhealthy", Math.max(degraded, members.size()), 1);
      if (unhealthy < degraded) {
        failing.get().error("unhealthy", "must be at least failing.degraded (" + degraded + "), got " + unhealthy);
      }
      failing.get().finish(Set.of());
    }
    try {
      return Optional.of(new ProbeBinding(new GroupSpec(members.stream().map(Section.Located::value).toList(), degraded,
          unhealthy), members));
    } catch (IllegalArgumentException e) {
      s.binder().error(s.location(), s.child("members"), e.getMessage());
      return Optional.empty();
    }
  }

  /** The keys every type has; builds the record when the spec bound. */
  private static Optional<MonitorConfig> common(Section s, Optional<String> name, Optional<ProbeSpec> spec) {
    Duration interval = s.duration("interval", true).orElse(MonitorConfig.DEFAULT_INTERVAL);
    Optional<Duration> timeoutSet = s.duration("timeout", true);
    Duration timeout = timeoutSet.orElse(MonitorConfig.DEFAULT_TIMEOUT.compareTo(interval) > 0 ? interval
        : MonitorConfig.DEFAULT_TIMEOUT);
    if (timeout.compareTo(interval) > 0) {
      s.error("timeout", "timeout (" + PromDuration.format(timeout) + ") must not exceed interval ("
          + PromDuration.format(interval) + ")");
    }
    int retries = (int) s.integer("retries", 0, 0);
    int failures = (int) s.integer("failure_threshold", MonitorConfig.DEFAULT_FAILURE_THRESHOLD, 1);
    int recoveries = (int) s.integer("recovery_threshold", MonitorConfig.DEFAULT_RECOVERY_THRESHOLD, 1);
    Optional<LatencyThresholds> thresholds = thresholds(s, spec.map(ProbeSpec::type));
    Map<String, String> labels = labels(s);
    if (name.isEmpty() || spec.isEmpty() || thresholds.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new MonitorConfig(name.get(), interval, timeout, retries, failures, recoveries, thresholds.get(), labels,
          spec.get()));
    } catch (IllegalArgumentException e) {
      s.binder().error(s.location(), s.path(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<LatencyThresholds> thresholds(Section s, Optional<MonitorType> type) {
    LatencyThresholds dflt = type.map(LatencyThresholds::defaultFor).orElse(LatencyThresholds.NONE);
    if (!s.has("thresholds")) {
      s.take("thresholds");
      return Optional.of(dflt);
    }
    if (type.isPresent() && type.get() == MonitorType.GROUP) {
      s.error("thresholds", "a group has no latency of its own: set failing: {degraded, unhealthy} member counts instead");
      s.take("thresholds");
      return Optional.empty();
    }
    Optional<Section> t = s.section("thresholds");
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> degraded = t.get().duration("degraded", true);
    Optional<Duration> unhealthy = t.get().duration("unhealthy", true);
    t.get().finish(Set.of());
    if (degraded.isPresent() && unhealthy.isPresent() && degraded.get().compareTo(unhealthy.get()) >= 0) {
      t.get().error("degraded", "thresholds.degraded (" + PromDuration.format(degraded.get())
          + ") must be below thresholds.unhealthy (" + PromDuration.format(unhealthy.get()) + ")");
      return Optional.empty();
    }
    return Optional.of(new LatencyThresholds(degraded, unhealthy));
  }

  private static Map<String, String> labels(Section s) {
    Map<String, String> labels = new LinkedHashMap<>(s.stringMap("labels"));
    for (String l : List.copyOf(labels.keySet())) {
      if (l.equals(MonitorConfig.MONITOR_LABEL)) {
        s.error("labels", "label \"monitor\" is set from the monitor's name; choose another label");
        labels.remove(l);
      } else if (!Labels.isValidLabelName(l) || l.startsWith("__")) {
        s.error("labels", "invalid label name \"" + l + "\" (letters, digits and _, not starting with __)");
        labels.remove(l);
      }
    }
    return labels;
  }
}
