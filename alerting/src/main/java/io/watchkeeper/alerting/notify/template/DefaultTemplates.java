package io.watchkeeper.alerting.notify.template;

import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Alertmanager's default notification templates ({@code template/default.tmpl}), written in Java so
 * that alerting needs no Go-template engine: the same text for the same notification. Where
 * Alertmanager's default is empty and a readable message was asked for (Slack's text, email's plain
 * text body) Watchkeeper adds its own, documented on the method. Stateless and thread-safe.
 *
 * <p>Named templates are those of Alertmanager: {@code __subject}, {@code __alertmanager}, {@code
 * __alertmanagerURL}, {@code __text_alert_list}, {@code slack.default.*}, {@code
 * pagerduty.default.*}, {@code opsgenie.default.*}, {@code email.default.*}, {@code
 * telegram.default.message}, {@code discord.default.*}, {@code teams.default.*}; {@link #NAMES}
 * lists them.
 */
public final class DefaultTemplates {
  /** The product name where Alertmanager writes its own ({@code __alertmanager}). */
  public static final String SENDER = "Watchkeeper";

  /** Templates that take the notification ({@code .}). */
  public static final Set<String> NAMES = Set.of("__subject", "__alertmanager", "__alertmanagerURL", "__description",
      "slack.default.title", "slack.default.username", "slack.default.fallback", "slack.default.callbackid",
      "slack.default.pretext", "slack.default.titlelink", "slack.default.iconemoji", "slack.default.iconurl",
      "slack.default.text", "slack.default.footer", "slack.default.color",
      "pagerduty.default.description", "pagerduty.default.client", "pagerduty.default.clientURL",
      "opsgenie.default.message", "opsgenie.default.description", "opsgenie.default.source",
      "email.default.subject", "email.default.html", "email.default.text",
      "telegram.default.message", "discord.default.title", "discord.default.message",
      "teams.default.title", "teams.default.summary", "teams.default.text");

  /** Templates that take a list of alerts ({@code .Alerts}, {@code .Alerts.Firing}, ...). */
  public static final Set<String> ALERT_LIST_NAMES = Set.of("__text_alert_list", "__text_alert_list_markdown",
      "pagerduty.default.instances");

  private DefaultTemplates() {}

  /** A named template applied to the notification; empty if no such template exists. */
  public static Optional<String> render(String name, Notification n) {
    return Optional.ofNullable(switch (name) {
      case "__subject", "slack.default.title", "pagerduty.default.description", "opsgenie.default.message",
          "email.default.subject", "discord.default.title", "teams.default.title", "teams.default.summary" -> subject(n);
      case "__alertmanager", "slack.default.username", "pagerduty.default.client" -> SENDER;
      case "__alertmanagerURL", "slack.default.titlelink", "pagerduty.default.clientURL", "opsgenie.default.source" ->
          alertmanagerUrl(n);
      case "slack.default.fallback" -> subject(n) + " | " + alertmanagerUrl(n);
      case "__description", "slack.default.callbackid", "slack.default.pretext", "slack.default.iconemoji",
          "slack.default.iconurl", "slack.default.footer" -> "";
      case "slack.default.text" -> slackText(n);
      case "slack.default.color" -> slackColor(n);
      case "opsgenie.default.description" -> opsgenieDescription(n);
      case "email.default.html" -> EmailHtml.render(n);
      case "email.default.text" -> emailText(n);
      case "telegram.default.message", "discord.default.message" -> firingAndResolved(n, false);
      case "teams.default.text" -> firingAndResolved(n, true);
      default -> null;
    });
  }

  /** A named template applied to a list of alerts; empty if no such template exists. */
  public static Optional<String> renderAlerts(String name, List<NotifiedAlert> alerts) {
    return Optional.ofNullable(switch (name) {
      case "__text_alert_list", "pagerduty.default.instances" -> textAlertList(alerts);
      case "__text_alert_list_markdown" -> markdownAlertList(alerts);
      default -> null;
    });
  }

  /**
   * {@code __subject}: {@code [FIRING:2] <group label values> (<other common label values>)}, with
   * Alertmanager's trailing space when there are no other common labels.
   */
  public static String subject(Notification n) {
    StringBuilder sb = new StringBuilder("[").append(n.status().toUpperCase(Locale.ROOT));
    if (n.status().equals("firing")) {
      sb.append(':').append(firing(n).size());
    }
    sb.append("] ").append(String.join(" ", sortedValues(n.groupLabels()))).append(' ');
    Labels common = n.commonLabels();
    if (common.size() > n.groupLabels().size()) {
      Labels rest = common.without(names(n.groupLabels()));
      sb.append('(').append(String.join(" ", sortedValues(rest))).append(')');
    }
    return sb.toString();
  }

  /** {@code __alertmanagerURL}: the alerts page of the receiver. */
  public static String alertmanagerUrl(Notification n) {
    return n.externalUrl() + "/#/alerts?receiver=" + URLEncoder.encode(n.receiver(), StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The firing alerts ({@code .Alerts.Firing}). */
  public static List<NotifiedAlert> firing(Notification n) {
    return n.alerts().stream().filter(a -> !a.resolved()).toList();
  }

  /** The resolved alerts ({@code .Alerts.Resolved}). */
  public static List<NotifiedAlert> resolved(Notification n) {
    return n.alerts().stream().filter(NotifiedAlert::resolved).toList();
  }

  /** {@code __text_alert_list}: labels, annotations and source of each alert. */
  public static String textAlertList(List<NotifiedAlert> alerts) {
    StringBuilder sb = new StringBuilder();
    for (NotifiedAlert a : alerts) {
      sb.append("Labels:\n");
      pairs(a.labels(), sb, " - ");
      sb.append("Annotations:\n");
      pairs(a.annotations(), sb, " - ");
      sb.append("Source: ").append(a.generatorUrl()).append('\n');
    }
    return sb.toString();
  }

  /** {@code __text_alert_list_markdown}: the same as Markdown lists (Teams). */
  public static String markdownAlertList(List<NotifiedAlert> alerts) {
    StringBuilder sb = new StringBuilder();
    for (NotifiedAlert a : alerts) {
      sb.append("\nLabels:\n");
      pairs(a.labels(), sb, "  - ");
      sb.append("\nAnnotations:\n");
      pairs(a.annotations(), sb, "  - ");
      sb.append("\nSource: ").append(a.generatorUrl()).append('\n');
    }
    return sb.toString();
  }

  private static void pairs(Labels labels, StringBuilder sb, String indent) {
    for (String name : sortedNames(labels)) {
      sb.append(indent).append(name).append(" = ").append(labels.get(name)).append('\n');
    }
  }

  /** {@code telegram.default.message}, {@code discord.default.message}, {@code teams.default.text}. */
  static String firingAndResolved(Notification n, boolean markdown) {
    StringBuilder sb = new StringBuilder("\n");
    List<NotifiedAlert> firing = firing(n);
    List<NotifiedAlert> resolved = resolved(n);
    if (!firing.isEmpty()) {
      sb.append('\n').append(markdown ? "# " : "").append("Alerts Firing:\n")
          .append(markdown ? markdownAlertList(firing) : textAlertList(firing)).append('\n');
    }
    sb.append('\n');
    if (!resolved.isEmpty()) {
      sb.append('\n').append(markdown ? "# " : "").append("Alerts Resolved:\n")
          .append(markdown ? markdownAlertList(resolved) : textAlertList(resolved)).append('\n');
    }
    sb.append('\n');
    return sb.toString();
  }

  /** {@code opsgenie.default.description}: common annotation values, then the alert lists. */
  static String opsgenieDescription(Notification n) {
    StringBuilder sb = new StringBuilder(String.join(" ", sortedValues(n.commonAnnotations()))).append('\n');
    List<NotifiedAlert> firing = firing(n);
    List<NotifiedAlert> resolved = resolved(n);
    if (!firing.isEmpty()) {
      sb.append("Alerts Firing:\n").append(textAlertList(firing));
    }
    sb.append('\n');
    if (!resolved.isEmpty()) {
      sb.append("Alerts Resolved:\n").append(textAlertList(resolved));
    }
    return sb.toString();
  }

  /**
   * Watchkeeper's {@code slack.default.text} (Alertmanager's is empty): one block per alert with
   * its summary (or name), severity, description, runbook link and source, firing alerts first;
   * a resolved notification says so. Slack mrkdwn: {@code *bold*}, {@code <url|text>}.
   */
  public static String slackText(Notification n) {
    StringBuilder sb = new StringBuilder();
    List<NotifiedAlert> firing = firing(n);
    List<NotifiedAlert> resolved = resolved(n);
    if (firing.isEmpty()) {
      sb.append(":white_check_mark: *Resolved*: all ").append(resolved.size()).append(resolved.size() == 1 ? " alert" : " alerts")
          .append(" of this group stopped firing.\n");
    }
    for (NotifiedAlert a : firing) {
      slackAlert(sb, a);
    }
    for (NotifiedAlert a : resolved) {
      slackAlert(sb, a);
    }
    return sb.toString().stripTrailing();
  }

  private static void slackAlert(StringBuilder sb, NotifiedAlert a) {
    String title = a.annotations().has("summary") ? a.annotations().get("summary") : a.labels().get(Alert.ALERT_NAME);
    sb.append(a.resolved() ? "*[RESOLVED]* " : "*[FIRING]* ").append(slackEscape(title));
    if (a.labels().has("severity")) {
      sb.append(" - `").append(slackEscape(a.labels().get("severity"))).append('`');
    }
    sb.append('\n');
    if (a.annotations().has("description")) {
      sb.append("*Description:* ").append(slackEscape(a.annotations().get("description"))).append('\n');
    }
    List<String> details = new ArrayList<>();
    for (String name : sortedNames(a.labels())) {
      if (!name.equals("severity")) {
        details.add(name + "=" + a.labels().get(name));
      }
    }
    sb.append("*Labels:* ").append(slackEscape(String.join(", ", details))).append('\n');
    if (a.annotations().has("runbook_url")) {
      sb.append("*Runbook:* <").append(a.annotations().get("runbook_url")).append("|:notebook: runbook>\n");
    }
    if (!a.generatorUrl().isEmpty()) {
      sb.append("*Source:* <").append(a.generatorUrl()).append("|graph>\n");
    }
  }

  /** Slack's escaping of the three control characters of its message format. */
  static String slackEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * Watchkeeper's attachment colour by severity (Alertmanager's is {@code danger} when firing,
   * {@code good} when resolved): resolved green, critical red, warning orange, other firing grey
   * blue. The highest severity among the firing alerts counts.
   */
  public static String slackColor(Notification n) {
    List<NotifiedAlert> firing = firing(n);
    if (firing.isEmpty()) {
      return "#2eb886";
    }
    boolean warning = false;
    for (NotifiedAlert a : firing) {
      String s = a.labels().get("severity").toLowerCase(Locale.ROOT);
      if (s.equals("critical") || s.equals("page") || s.equals("error")) {
        return "#e01e5a";
      }
      warning |= s.equals("warning") || s.equals("high");
    }
    return warning ? "#f2a33a" : "#439fe0";
  }

  /**
   * Watchkeeper's {@code email.default.text} (Alertmanager has no plain-text default): the subject,
   * a link to the alerts, and {@code __text_alert_list} of the firing and of the resolved alerts.
   */
  public static String emailText(Notification n) {
    StringBuilder sb = new StringBuilder(subject(n).strip()).append("\n\n");
    sb.append("View in ").append(SENDER).append(": ").append(alertmanagerUrl(n)).append("\n");
    List<NotifiedAlert> firing = firing(n);
    List<NotifiedAlert> resolved = resolved(n);
    if (!firing.isEmpty()) {
      sb.append("\n[").append(firing.size()).append("] Firing\n").append(textAlertList(firing));
    }
    if (!resolved.isEmpty()) {
      sb.append("\n[").append(resolved.size()).append("] Resolved\n").append(textAlertList(resolved));
    }
    sb.append("\nSent by ").append(SENDER).append(" (").append(n.externalUrl()).append(")\n");
    return sb.toString();
  }

  /** Label names as Alertmanager's {@code SortedPairs} orders them: alertname first, then by name. */
  static List<String> sortedNames(Labels labels) {
    List<String> out = new ArrayList<>(labels.size());
    if (labels.has(Alert.ALERT_NAME)) {
      out.add(Alert.ALERT_NAME);
    }
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.name(i).equals(Alert.ALERT_NAME)) {
        out.add(labels.name(i));
      }
    }
    out.subList(out.isEmpty() || !out.get(0).equals(Alert.ALERT_NAME) ? 0 : 1, out.size()).sort(null);
    return out;
  }

  static List<String> sortedValues(Labels labels) {
    return sortedNames(labels).stream().map(labels::get).toList();
  }

  private static Set<String> names(Labels labels) {
    return Set.copyOf(labels.toMap().keySet());
  }

  /** HTML escaping as Go's {@code html/template} escapes text. */
  public static String html(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
