package io.watchkeeper.ingest.scrape;

import io.watchkeeper.ingest.relabel.Relabeler;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.PromDuration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.TreeMap;

/**
 * Builds targets from discovered label sets as Prometheus' {@code PopulateLabels} does: group labels
 * under target labels; defaults for {@code job}, {@code __scrape_interval__}, {@code
 * __scrape_timeout__}, {@code __metrics_path__}, {@code __scheme__} and {@code __param_<name>};
 * {@code relabel_configs}; a default port from the scheme; {@code __meta_*} labels removed; {@code
 * instance} defaulting to the address. Stateless.
 */
final class TargetBuilder {
  static final String ADDRESS = "__address__";
  static final String SCHEME = "__scheme__";
  static final String METRICS_PATH = "__metrics_path__";
  static final String SCRAPE_INTERVAL = "__scrape_interval__";
  static final String SCRAPE_TIMEOUT = "__scrape_timeout__";
  static final String PARAM_PREFIX = "__param_";
  static final String META_PREFIX = "__meta_";

  private TargetBuilder() {}

  /** What became of one discovered label set. */
  sealed interface Outcome {}

  record Active(Target target) implements Outcome {}

  record Dropped(DroppedTarget dropped) implements Outcome {}

  record Invalid(Labels discoveredLabels, String error) implements Outcome {}

  static Outcome populate(Labels targetLabels, Labels groupLabels, ScrapeConfig cfg, Relabeler relabeler) {
    Labels.Builder b = targetLabels.toBuilder();
    for (int i = 0; i < groupLabels.size(); i++) {
      if (!b.has(groupLabels.name(i))) {
        b.set(groupLabels.name(i), groupLabels.value(i));
      }
    }
    setIfAbsent(b, "job", cfg.jobName());
    setIfAbsent(b, SCRAPE_INTERVAL, PromDuration.format(cfg.scrapeInterval()));
    setIfAbsent(b, SCRAPE_TIMEOUT, PromDuration.format(cfg.scrapeTimeout()));
    setIfAbsent(b, METRICS_PATH, cfg.metricsPath());
    setIfAbsent(b, SCHEME, cfg.scheme());
    for (Map.Entry<String, List<String>> p : new TreeMap<>(cfg.params()).entrySet()) {
      if (!p.getValue().isEmpty()) {
        setIfAbsent(b, PARAM_PREFIX + p.getKey(), p.getValue().get(0));
      }
    }
    Labels discovered = b.build();
    Labels lset = relabeler.process(discovered);
    if (lset == null) {
      return new Dropped(new DroppedTarget(discovered, cfg.jobName()));
    }
    String address = lset.get(ADDRESS);
    if (address.isEmpty()) {
      return new Invalid(discovered, "no address");
    }
    Duration interval;
    Duration timeout;
    try {
      interval = PromDuration.parse(lset.get(SCRAPE_INTERVAL));
      timeout = PromDuration.parse(lset.get(SCRAPE_TIMEOUT));
    } catch (IllegalArgumentException e) {
      return new Invalid(discovered, "error parsing scrape interval or timeout: " + e.getMessage());
    }
    if (interval.isZero()) {
      return new Invalid(discovered, "scrape interval cannot be 0");
    }
    if (timeout.isZero()) {
      return new Invalid(discovered, "scrape timeout cannot be 0");
    }
    if (timeout.compareTo(interval) > 0) {
      return new Invalid(discovered, "scrape timeout cannot be greater than scrape interval (\""
          + lset.get(SCRAPE_TIMEOUT) + "\" > \"" + lset.get(SCRAPE_INTERVAL) + "\")");
    }
    Labels.Builder out = lset.toBuilder();
    String scheme = lset.get(SCHEME);
    if (needsPort(address)) {
      switch (scheme) {
        case "http", "" -> address = address + ":80";
        case "https" -> address = address + ":443";
        default -> {
          return new Invalid(discovered, "invalid scheme: \"" + scheme + "\"");
        }
      }
      out.set(ADDRESS, address);
    }
    if (address.contains("/")) {
      return new Invalid(discovered, "\"" + address + "\" is not a valid hostname");
    }
    for (int i = 0; i < lset.size(); i++) {
      if (lset.name(i).startsWith(META_PREFIX)) {
        out.delete(lset.name(i));
      }
    }
    if (!out.has("instance")) {
      out.set("instance", address);
    }
    Labels labels = out.build();
    String url = url(labels, cfg.params());
    try {
      return new Active(new Target(discovered, labels, cfg.jobName(), url, interval, timeout));
    } catch (IllegalArgumentException e) {
      return new Invalid(discovered, "invalid scrape URL \"" + url + "\": " + e.getMessage());
    }
  }

  private static void setIfAbsent(Labels.Builder b, String name, String value) {
    if (!b.has(name)) {
      b.set(name, value);
    }
  }

  /** Whether an address lacks a port and adding one makes it valid (Go's SplitHostPort rules). */
  static boolean needsPort(String address) {
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      return close == address.length() - 1;
    }
    int colons = 0;
    for (int i = 0; i < address.length(); i++) {
      if (address.charAt(i) == ':') {
        colons++;
      }
    }
    return colons == 0;
  }

  /** The scrape URL: scheme, address, path, and the params with {@code __param_*} labels overriding the first value. */
  static String url(Labels labels, Map<String, List<String>> configParams) {
    Map<String, List<String>> params = new TreeMap<>();
    configParams.forEach((k, v) -> params.put(k, new ArrayList<>(v)));
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      if (name.startsWith(PARAM_PREFIX)) {
        String key = name.substring(PARAM_PREFIX.length());
        List<String> values = params.computeIfAbsent(key, k -> new ArrayList<>());
        if (values.isEmpty()) {
          values.add(labels.value(i));
        } else {
          values.set(0, labels.value(i));
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    String scheme = labels.get(SCHEME);
    sb.append(scheme.isEmpty() ? "http" : scheme).append("://").append(labels.get(ADDRESS));
    String path = labels.get(METRICS_PATH);
    if (!path.startsWith("/")) {
      sb.append('/');
    }
    escapePath(sb, path);
    char sep = '?';
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      for (String v : p.getValue()) {
        sb.append(sep).append(queryEscape(p.getKey())).append('=').append(queryEscape(v));
        sep = '&';
      }
    }
    return sb.toString();
  }

  private static void escapePath(StringBuilder sb, String path) {
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    for (byte x : bytes) {
      int c = x & 0xFF;
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0;
      if (plain) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
  }

  /** Go's {@code url.QueryEscape}. */
  private static String queryEscape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }
}
