package io.watchkeeper.alerting.notify.slack;

import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One {@code slack_configs} item. Every text is a {@link MessageTemplate}; the defaults are
 * Alertmanager's ({@code slack.default.*}) except the text and colour, which Watchkeeper fills in
 * (see {@link io.watchkeeper.alerting.notify.template.DefaultTemplates#slackText} and {@code
 * slackColor}). Immutable.
 *
 * @param apiUrl the incoming webhook URL, or Slack's {@code chat.postMessage} (a secret)
 * @param sendResolved whether resolved alerts are sent (Alertmanager's default: false)
 * @param channel the channel or user to post to; empty for the webhook's own channel
 * @param mrkdwnIn attachment fields Slack formats as mrkdwn
 * @param timeout how long one request may take
 */
public record SlackConfig(
    Secret apiUrl,
    boolean sendResolved,
    MessageTemplate channel,
    MessageTemplate username,
    MessageTemplate color,
    MessageTemplate title,
    MessageTemplate titleLink,
    MessageTemplate pretext,
    MessageTemplate text,
    MessageTemplate footer,
    MessageTemplate fallback,
    MessageTemplate callbackId,
    MessageTemplate iconEmoji,
    MessageTemplate iconUrl,
    MessageTemplate imageUrl,
    MessageTemplate thumbUrl,
    boolean linkNames,
    List<String> mrkdwnIn,
    Duration timeout)
    implements ChannelConfig {
  /** The default request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Alertmanager's default {@code mrkdwn_in}. */
  public static final List<String> DEFAULT_MRKDWN_IN = List.of("fallback", "pretext", "text");

  public SlackConfig {
    Objects.requireNonNull(apiUrl, "apiUrl");
    mrkdwnIn = List.copyOf(mrkdwnIn);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
  }

  /** A Slack config with every default, posting to {@code apiUrl}. */
  public static SlackConfig of(Secret apiUrl) {
    return builder(apiUrl).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder(Secret apiUrl) {
    return new Builder(apiUrl);
  }

  @Override
  public String kind() {
    return "slack";
  }

  /** Builds a {@link SlackConfig}; for the config binder and tests. Not thread-safe. */
  public static final class Builder {
    private final Secret apiUrl;
    private boolean sendResolved;
    private MessageTemplate channel = MessageTemplate.parse("");
    private MessageTemplate username = MessageTemplate.named("slack.default.username");
    private MessageTemplate color = MessageTemplate.named("slack.default.color");
    private MessageTemplate title = MessageTemplate.named("slack.default.title");
    private MessageTemplate titleLink = MessageTemplate.named("slack.default.titlelink");
    private MessageTemplate pretext = MessageTemplate.named("slack.default.pretext");
    private MessageTemplate text = MessageTemplate.named("slack.default.text");
    private MessageTemplate footer = MessageTemplate.named("slack.default.footer");
    private MessageTemplate fallback = MessageTemplate.named("slack.default.fallback");
    private MessageTemplate callbackId = MessageTemplate.named("slack.default.callbackid");
    private MessageTemplate iconEmoji = MessageTemplate.named("slack.default.iconemoji");
    private MessageTemplate iconUrl = MessageTemplate.named("slack.default.iconurl");
    private MessageTemplate imageUrl = MessageTemplate.parse("");
    private MessageTemplate thumbUrl = MessageTemplate.parse("");
    private boolean linkNames;
    private List<String> mrkdwnIn = DEFAULT_MRKDWN_IN;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(Secret apiUrl) {
      this.apiUrl = apiUrl;
    }

    public Builder sendResolved(boolean v) { sendResolved = v; return this; }
    public Builder channel(MessageTemplate v) { channel = v; return this; }
    public Builder username(MessageTemplate v) { username = v; return this; }
    public Builder color(MessageTemplate v) { color = v; return this; }
    public Builder title(MessageTemplate v) { title = v; return this; }
    public Builder titleLink(MessageTemplate v) { titleLink = v; return this; }
    public Builder pretext(MessageTemplate v) { pretext = v; return this; }
    public Builder text(MessageTemplate v) { text = v; return this; }
    public Builder footer(MessageTemplate v) { footer = v; return this; }
    public Builder fallback(MessageTemplate v) { fallback = v; return this; }
    public Builder callbackId(MessageTemplate v) { callbackId = v; return this; }
    public Builder iconEmoji(MessageTemplate v) { iconEmoji = v; return this; }
    public Builder iconUrl(MessageTemplate v) { iconUrl = v; return this; }
    public Builder imageUrl(MessageTemplate v) { imageUrl = v; return this; }
    public Builder thumbUrl(MessageTemplate v) { thumbUrl = v; return this; }
    public Builder linkNames(boolean v) { linkNames = v; return this; }
    public Builder mrkdwnIn(List<String> v) { mrkdwnIn = v; return this; }
    public Builder timeout(Duration v) { timeout = v; return this; }

    public SlackConfig build() {
      return new SlackConfig(apiUrl, sendResolved, channel, username, color, title, titleLink, pretext, text, footer, fallback,
          callbackId, iconEmoji, iconUrl, imageUrl, thumbUrl, linkNames, mrkdwnIn, timeout);
    }
  }
}
