package io.watchkeeper.server.config;

import io.watchkeeper.alerting.notify.slack.SlackConfig;
import io.watchkeeper.model.Secret;
import java.util.Optional;
import java.util.Set;

/** Binds one {@code slack_configs} item as Alertmanager reads it, with {@code global.slack_api_url}. Stateless. */
final class SlackConfigBinder {
  static final Set<String> UNSUPPORTED = Set.of("fields", "short_fields", "actions", "http_config", "app_token", "app_token_file",
      "app_url", "message_text", "update_message");

  private SlackConfigBinder() {}

  static Optional<SlackConfig> bind(Section s, ChannelGlobals globals) {
    boolean inline = s.has("api_url") || s.has("api_url_file");
    Secret url = s.secret("api_url", "api_url_file");
    if (!inline) {
      url = globals.slackApiUrl();
    }
    if (url.isEmpty()) {
      s.binder().error(s.location(), s.path(), "no global Slack API URL set either inline or in a file");
    } else if (s.has("api_url")) {
      TemplateKeys.checkUrl(s, "api_url", url.reveal());
    }
    SlackConfig.Builder b = SlackConfig.builder(url);
    SlackConfig d = SlackConfig.of(url);
    b.sendResolved(s.bool("send_resolved", false))
        .channel(TemplateKeys.template(s, "channel", d.channel()))
        .username(TemplateKeys.template(s, "username", d.username()))
        .color(TemplateKeys.template(s, "color", d.color()))
        .title(TemplateKeys.template(s, "title", d.title()))
        .titleLink(TemplateKeys.template(s, "title_link", d.titleLink()))
        .pretext(TemplateKeys.template(s, "pretext", d.pretext()))
        .text(TemplateKeys.template(s, "text", d.text()))
        .footer(TemplateKeys.template(s, "footer", d.footer()))
        .fallback(TemplateKeys.template(s, "fallback", d.fallback()))
        .callbackId(TemplateKeys.template(s, "callback_id", d.callbackId()))
        .iconEmoji(TemplateKeys.template(s, "icon_emoji", d.iconEmoji()))
        .iconUrl(TemplateKeys.template(s, "icon_url", d.iconUrl()))
        .imageUrl(TemplateKeys.template(s, "image_url", d.imageUrl()))
        .thumbUrl(TemplateKeys.template(s, "thumb_url", d.thumbUrl()))
        .linkNames(s.bool("link_names", false))
        .timeout(TemplateKeys.timeout(s));
    if (s.has("mrkdwn_in")) {
      b.mrkdwnIn(s.strings("mrkdwn_in"));
    } else {
      s.take("mrkdwn_in");
    }
    s.finish(UNSUPPORTED);
    return url.isEmpty() ? Optional.empty() : Optional.of(b.build());
  }
}
