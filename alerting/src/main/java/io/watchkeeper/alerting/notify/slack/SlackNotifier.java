package io.watchkeeper.alerting.notify.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchkeeper.alerting.notify.HttpSender;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifyException;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * Sends notifications to Slack (Alertmanager {@code slack.Notifier}): one message with one
 * attachment, in Alertmanager's JSON shape. A 2xx answer is delivered, except a JSON answer with
 * {@code "ok": false} from {@code chat.postMessage}, which is permanent; otherwise {@link
 * HttpSender}'s rules. Thread-safe.
 */
public final class SlackNotifier implements Notifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Slack's limit on an attachment title, in characters (Alertmanager truncates to it). */
  static final int MAX_TITLE = 1024;

  private final SlackConfig config;
  private final HttpClient client;
  private final URI uri;

  /** @throws IllegalArgumentException if the API URL is not an absolute http(s) URL */
  public SlackNotifier(SlackConfig config, HttpClient client) {
    this.config = config;
    this.client = client;
    this.uri = HttpSender.uri(config.apiUrl().reveal(), "Slack API URL");
  }

  @Override
  public void notify(Notification n) throws NotifyException {
    byte[] body = payload(config, n);
    HttpSender.Answer answer = HttpSender.send(client, HttpSender.postJson(uri, body, config.timeout()).build(), "slack");
    checkApiAnswer(answer.body());
  }

  /** The request body for a notification. */
  static byte[] payload(SlackConfig c, Notification n) {
    ObjectNode root = JSON.createObjectNode();
    putIfNotEmpty(root, "channel", c.channel().render(n, false));
    putIfNotEmpty(root, "username", c.username().render(n, false));
    putIfNotEmpty(root, "icon_emoji", c.iconEmoji().render(n, false));
    putIfNotEmpty(root, "icon_url", c.iconUrl().render(n, false));
    if (c.linkNames()) {
      root.put("link_names", true);
    }
    ArrayNode attachments = root.putArray("attachments");
    ObjectNode a = attachments.addObject();
    putIfNotEmpty(a, "title", truncate(c.title().render(n, false), MAX_TITLE));
    putIfNotEmpty(a, "title_link", c.titleLink().render(n, false));
    putIfNotEmpty(a, "pretext", c.pretext().render(n, false));
    a.put("text", c.text().render(n, false));
    a.put("fallback", c.fallback().render(n, false));
    a.put("callback_id", c.callbackId().render(n, false));
    putIfNotEmpty(a, "image_url", c.imageUrl().render(n, false));
    putIfNotEmpty(a, "thumb_url", c.thumbUrl().render(n, false));
    a.put("footer", c.footer().render(n, false));
    putIfNotEmpty(a, "color", c.color().render(n, false));
    if (!c.mrkdwnIn().isEmpty()) {
      ArrayNode m = a.putArray("mrkdwn_in");
      c.mrkdwnIn().forEach(m::add);
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("BUG: cannot write a JSON tree", e);
    }
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** Cuts {@code s} to {@code max} characters, ending with an ellipsis, as Alertmanager does. */
  static String truncate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    int end = s.offsetByCodePoints(0, max - 1);
    return s.substring(0, end) + "\u2026";
  }

  // chat.postMessage answers 200 with {"ok":false,"error":"..."}; incoming webhooks answer "ok".
  private static void checkApiAnswer(String body) throws NotifyException {
    String b = body.strip();
    if (!b.startsWith("{")) {
      return;
    }
    JsonNode node;
    try {
      node = JSON.readTree(b);
    } catch (JsonProcessingException e) {
      return; // not the API's JSON: the status said delivered
    }
    if (node.has("ok") && !node.path("ok").asBoolean()) {
      throw NotifyException.permanent("cannot send slack notification: Slack API error: " + node.path("error").asText("unknown"), null);
    }
  }
}
