package io.watchkeeper.alerting.notify.opsgenie;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchkeeper.alerting.notify.HttpSender;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifyException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Creates and closes Opsgenie alerts (Alertmanager {@code opsgenie.Notifier}): {@code POST
 * v2/alerts} while the group fires, {@code POST v2/alerts/<alias>/close?identifierType=alias} when
 * it resolved, with {@code alias} = {@link Notification#groupKeyHash()} and {@code Authorization:
 * GenieKey <key>}. Opsgenie answers 202; {@link HttpSender}'s rules classify failures. Thread-safe.
 */
public final class OpsgenieNotifier implements Notifier {
  /** Opsgenie's limit on {@code message}, in characters. */
  static final int MAX_MESSAGE = 130;

  private final OpsgenieConfig config;
  private final HttpClient client;
  private final URI base;

  /** @throws IllegalArgumentException if the API URL is not an absolute http(s) URL */
  public OpsgenieNotifier(OpsgenieConfig config, HttpClient client) {
    this.config = config;
    this.client = client;
    this.base = HttpSender.uri(config.apiUrl(), "Opsgenie API URL");
  }

  @Override
  public void notify(Notification n) throws NotifyException {
    HttpRequest request = request(config, base, n);
    HttpSender.send(client, request, "opsgenie");
  }

  static HttpRequest request(OpsgenieConfig c, URI base, Notification n) {
    String alias = n.groupKeyHash();
    URI uri;
    ObjectNode body;
    if (n.status().equals("resolved")) {
      uri = base.resolve("v2/alerts/" + URLEncoder.encode(alias, StandardCharsets.UTF_8) + "/close?identifierType=alias");
      body = HttpSender.object();
      body.put("source", c.source().render(n, false));
    } else {
      uri = base.resolve("v2/alerts");
      body = create(c, n, alias);
    }
    return HttpSender.postJson(uri, body, c.timeout()).header("Authorization", "GenieKey " + c.apiKey().reveal()).build();
  }

  static ObjectNode create(OpsgenieConfig c, Notification n, String alias) {
    ObjectNode b = HttpSender.object();
    b.put("alias", alias);
    b.put("message", HttpSender.truncate(c.message().render(n, false), MAX_MESSAGE));
    b.put("description", c.description().render(n, false));
    ObjectNode details = b.putObject("details");
    Map<String, String> d = new TreeMap<>(n.commonLabels().toMap());
    c.details().forEach((k, t) -> d.put(k, t.render(n, false)));
    d.forEach(details::put);
    b.put("source", c.source().render(n, false));
    if (!c.responders().isEmpty()) {
      ArrayNode rs = b.putArray("responders");
      for (OpsgenieConfig.Responder r : c.responders()) {
        if (r.type().equals("teams")) {
          // Alertmanager's "teams": a comma-separated list of team names, one responder each.
          for (String team : r.name().split(",")) {
            if (!team.isBlank()) {
              rs.addObject().put("name", team.strip()).put("type", "team");
            }
          }
          continue;
        }
        ObjectNode o = rs.addObject();
        if (!r.id().isEmpty()) {
          o.put("id", r.id());
        } else if (!r.name().isEmpty()) {
          o.put("name", r.name());
        } else {
          o.put("username", r.username());
        }
        o.put("type", r.type());
      }
    }
    list(b, "tags", c.tags().render(n, false));
    list(b, "actions", c.actions().render(n, false));
    putIfNotEmpty(b, "note", c.note().render(n, false));
    putIfNotEmpty(b, "priority", c.priority().render(n, false));
    putIfNotEmpty(b, "entity", c.entity().render(n, false));
    return b;
  }

  private static void list(ObjectNode b, String field, String commaSeparated) {
    if (commaSeparated.isBlank()) {
      return;
    }
    ArrayNode a = b.putArray(field);
    for (String t : commaSeparated.split(",")) {
      if (!t.isBlank()) {
        a.add(t.strip());
      }
    }
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }
}
