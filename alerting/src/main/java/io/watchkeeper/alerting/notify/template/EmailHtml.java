package io.watchkeeper.alerting.notify.template;

import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.model.Labels;
import java.util.List;

/**
 * Watchkeeper's {@code email.default.html}: the content of Alertmanager's default HTML email (a
 * header "N alerts for group labels", a link to the alerts, the firing alerts then the resolved
 * ones, each with labels, annotations and a source link, and a footer) in plain, inline-styled
 * HTML that mail clients render. Every value is HTML-escaped. Stateless.
 */
final class EmailHtml {
  private static final String FONT = "font-family: 'Helvetica Neue', Helvetica, Arial, sans-serif; font-size: 14px;";

  private EmailHtml() {}

  static String render(Notification n) {
    StringBuilder sb = new StringBuilder(2048 + n.alerts().size() * 512);
    sb.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\" />\n<meta name=\"viewport\" content=\"width=device-width\" />\n")
        .append("<title>").append(DefaultTemplates.html(DefaultTemplates.subject(n))).append("</title>\n</head>\n")
        .append("<body style=\"").append(FONT).append(" background-color: #f6f6f6; margin: 0; padding: 20px;\">\n")
        .append("<table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width: 600px; margin: 0 auto;")
        .append(" background-color: #fff; border: 1px solid #e9e9e9; border-radius: 3px;\">\n");
    String headerColour = n.status().equals("firing") ? "#e6522c" : "#2eb886";
    sb.append("<tr><td style=\"").append(FONT).append(" font-size: 16px; color: #fff; font-weight: 500; text-align: center;")
        .append(" background-color: ").append(headerColour).append("; padding: 20px;\">")
        .append(n.alerts().size()).append(n.alerts().size() == 1 ? " alert" : " alerts").append(" for");
    for (String name : DefaultTemplates.sortedNames(n.groupLabels())) {
      sb.append(' ').append(DefaultTemplates.html(name)).append('=').append(DefaultTemplates.html(n.groupLabels().get(name)));
    }
    sb.append("</td></tr>\n<tr><td style=\"").append(FONT).append(" padding: 10px;\">\n");
    sb.append("<p><a href=\"").append(DefaultTemplates.html(DefaultTemplates.alertmanagerUrl(n)))
        .append("\" style=\"color: #fff; background-color: #348eda; padding: 8px 16px; border-radius: 5px;")
        .append(" text-decoration: none; font-weight: bold;\">View in ").append(DefaultTemplates.SENDER).append("</a></p>\n");
    List<NotifiedAlert> firing = DefaultTemplates.firing(n);
    List<NotifiedAlert> resolved = DefaultTemplates.resolved(n);
    section(sb, "Firing", firing);
    if (!firing.isEmpty() && !resolved.isEmpty()) {
      sb.append("<hr />\n");
    }
    section(sb, "Resolved", resolved);
    sb.append("</td></tr>\n</table>\n<p style=\"").append(FONT).append(" font-size: 12px; text-align: center; color: #999;\">")
        .append("<a href=\"").append(DefaultTemplates.html(n.externalUrl())).append("\" style=\"color: #999;\">Sent by ")
        .append(DefaultTemplates.SENDER).append("</a></p>\n</body>\n</html>\n");
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, List<NotifiedAlert> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    sb.append("<p><strong>[").append(alerts.size()).append("] ").append(title).append("</strong></p>\n");
    for (NotifiedAlert a : alerts) {
      sb.append("<p><strong>Labels</strong><br />\n");
      pairs(sb, a.labels());
      if (!a.annotations().isEmpty()) {
        sb.append("<strong>Annotations</strong><br />\n");
        pairs(sb, a.annotations());
      }
      if (a.annotations().has("runbook_url")) {
        sb.append("<a href=\"").append(DefaultTemplates.html(a.annotations().get("runbook_url")))
            .append("\" style=\"color: #348eda;\">Runbook</a><br />\n");
      }
      sb.append("<a href=\"").append(DefaultTemplates.html(a.generatorUrl())).append("\" style=\"color: #348eda;\">Source</a></p>\n");
    }
  }

  private static void pairs(StringBuilder sb, Labels labels) {
    for (String name : DefaultTemplates.sortedNames(labels)) {
      sb.append(DefaultTemplates.html(name)).append(" = ").append(DefaultTemplates.html(labels.get(name))).append("<br />\n");
    }
  }
}
