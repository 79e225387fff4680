package io.watchkeeper.alerting.notify.pagerduty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchkeeper.alerting.notify.HttpSender;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifyException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sends PagerDuty Events API v2 events (Alertmanager {@code pagerduty.Notifier#notifyV2}): {@code
 * trigger} while the group fires, {@code resolve} when it resolved, both with {@code dedup_key} =
 * {@link Notification#groupKeyHash()}, so re-sent notifications update the same incident and the
 * resolve closes it. PagerDuty answers 202; 429 and 5xx are retried, 400 (an invalid event) is
 * permanent. Thread-safe.
 */
public final class PagerDutyNotifier implements Notifier {
  /** PagerDuty's limit on {@code summary}, in characters (Alertmanager truncates to it). */
  static final int MAX_SUMMARY = 1024;
  private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

  private final PagerDutyConfig config;
  private final HttpClient client;
  private final URI uri;

  /** @throws IllegalArgumentException if the URL is not an absolute http(s) URL */
  public PagerDutyNotifier(PagerDutyConfig config, HttpClient client) {
    this.config = config;
    this.client = client;
    this.uri = HttpSender.uri(config.url(), "PagerDuty URL");
  }

  @Override
  public void notify(Notification n) throws NotifyException {
    HttpSender.send(client, HttpSender.postJson(uri, payload(config, n), config.timeout()).build(), "pagerduty");
  }

  /** The event for a notification. */
  static ObjectNode payload(PagerDutyConfig c, Notification n) {
    ObjectNode root = HttpSender.object();
    String client = c.client().render(n, false);
    root.put("routing_key", c.routingKey().reveal());
    root.put("event_action", n.status().equals("firing") ? "trigger" : "resolve");
    root.put("dedup_key", n.groupKeyHash());
    root.put("client", client);
    root.put("client_url", c.clientUrl().render(n, false));
    ArrayNode images = root.putArray("images");
    for (PagerDutyConfig.Image i : c.images()) {
      ObjectNode o = images.addObject();
      o.put("src", i.src().render(n, false));
      o.put("alt", i.alt().render(n, false));
      o.put("href", i.href().render(n, false));
    }
    ArrayNode links = root.putArray("links");
    for (PagerDutyConfig.Link l : c.links()) {
      ObjectNode o = links.addObject();
      o.put("href", l.href().render(n, false));
      o.put("text", l.text().render(n, false));
    }
    ObjectNode p = root.putObject("payload");
    p.put("summary", HttpSender.truncate(c.description().render(n, false), MAX_SUMMARY));
    p.put("source", c.source().map(t -> t.render(n, false)).orElse(client));
    p.put("severity", c.severity().map(t -> t.render(n, false)).orElseGet(() -> severity(n)));
    ObjectNode details = p.putObject("custom_details");
    for (Map.Entry<String, String> d : renderDetails(c, n).entrySet()) {
      details.put(d.getKey(), d.getValue());
    }
    putIfNotEmpty(p, "class", c.eventClass().render(n, false));
    putIfNotEmpty(p, "component", c.component().render(n, false));
    putIfNotEmpty(p, "group", c.group().render(n, false));
    return root;
  }

  private static Map<String, String> renderDetails(PagerDutyConfig c, Notification n) {
    Map<String, String> out = new TreeMap<>();
    c.details().forEach((k, t) -> out.put(k, t.render(n, false)));
    return out;
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  // The alerts' common severity label when PagerDuty knows it, else Alertmanager's default "error".
  static String severity(Notification n) {
    String s = n.commonLabels().get("severity").toLowerCase(Locale.ROOT);
    return SEVERITIES.contains(s) ? s : "error";
  }
}
