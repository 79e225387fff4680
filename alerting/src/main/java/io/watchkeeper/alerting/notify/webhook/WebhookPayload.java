package io.watchkeeper.alerting.notify.webhook;

import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.model.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Alertmanager's webhook payload, version 4, written as Go's {@code encoding/json} writes it:
 * fields in Alertmanager's order, map keys sorted, times in RFC 3339 with trimmed fractions, {@code
 * <>&} escaped, a newline at the end. {@code max_alerts} truncates the list first, and status,
 * common labels and common annotations describe the alerts sent, as Alertmanager's webhook
 * notifier builds its template data from the truncated list ({@code notify/webhook/webhook.go}):
 * a payload whose first alerts are resolved says {@code resolved} even if a truncated one fires.
 * Stateless.
 *
 * <pre>{@code
 * {"receiver":"team","status":"firing","alerts":[{"status":"firing","labels":{...},
 *  "annotations":{...},"startsAt":"...","endsAt":"0001-01-01T00:00:00Z","generatorURL":"...",
 *  "fingerprint":"..."}],"groupLabels":{...},"commonLabels":{...},"commonAnnotations":{...},
 *  "externalURL":"...","version":"4","groupKey":"{}:{alertname=\"X\"}","truncatedAlerts":0}
 * }</pre>
 */
public final class WebhookPayload {
  private WebhookPayload() {}

  /** The payload for a notification, with at most {@code maxAlerts} alerts (0: all). */
  public static byte[] encode(Notification all, int maxAlerts) {
    Notification n = all;
    int truncated = 0;
    if (maxAlerts > 0 && all.alerts().size() > maxAlerts) {
      truncated = all.alerts().size() - maxAlerts;
      n = new Notification(all.receiver(), all.groupKey(), all.groupLabels(), all.alerts().subList(0, maxAlerts),
          all.externalUrl());
    }
    List<NotifiedAlert> alerts = n.alerts();
    StringBuilder sb = new StringBuilder(256 + alerts.size() * 256);
    sb.append("{\"receiver\":");
    string(sb, n.receiver());
    sb.append(",\"status\":");
    string(sb, n.status());
    sb.append(",\"alerts\":[");
    for (int i = 0; i < alerts.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      alert(sb, alerts.get(i));
    }
    sb.append("],\"groupLabels\":");
    labels(sb, n.groupLabels());
    sb.append(",\"commonLabels\":");
    labels(sb, n.commonLabels());
    sb.append(",\"commonAnnotations\":");
    labels(sb, n.commonAnnotations());
    sb.append(",\"externalURL\":");
    string(sb, n.externalUrl());
    sb.append(",\"version\":\"4\",\"groupKey\":");
    string(sb, n.groupKey());
    sb.append(",\"truncatedAlerts\":").append(truncated).append("}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void alert(StringBuilder sb, NotifiedAlert a) {
    sb.append("{\"status\":");
    string(sb, a.status());
    sb.append(",\"labels\":");
    labels(sb, a.labels());
    sb.append(",\"annotations\":");
    labels(sb, a.annotations());
    sb.append(",\"startsAt\":");
    string(sb, time(a.startsAt()));
    sb.append(",\"endsAt\":");
    string(sb, time(a.endsAt()));
    sb.append(",\"generatorURL\":");
    string(sb, a.generatorUrl());
    sb.append(",\"fingerprint\":");
    string(sb, a.fingerprintHex());
    sb.append('}');
  }

  private static void labels(StringBuilder sb, Labels labels) {
    sb.append('{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      string(sb, labels.name(i));
      sb.append(':');
      string(sb, labels.value(i));
    }
    sb.append('}');
  }

  /** RFC 3339 with as many fraction digits as needed, as Go's {@code time.Time} marshals (UTC). */
  static String time(Instant t) {
    String s = DateTimeFormatter.ISO_INSTANT.format(t);
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    int end = s.length() - 1;
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    return s.substring(0, end) + "Z";
  }

  /** A JSON string with Go's escapes, HTML-safe as {@code json.Encoder} writes by default. */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
