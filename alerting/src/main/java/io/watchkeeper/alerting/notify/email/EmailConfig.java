package io.watchkeeper.alerting.notify.email;

import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code email_configs} item. Immutable.
 *
 * @param to recipients, comma-separated, after templating
 * @param from the sender address, after templating
 * @param hello the name sent with EHLO
 * @param smarthost {@code host:port} of the SMTP server; port 465 means implicit TLS
 * @param authUsername empty for no authentication
 * @param authPassword for PLAIN or LOGIN
 * @param authSecret for CRAM-MD5 (used when no password is set)
 * @param authIdentity the PLAIN authorization identity, usually empty
 * @param requireTls whether STARTTLS is required (Alertmanager's default: true)
 * @param insecureSkipVerify {@code tls_config.insecure_skip_verify}: trust any server certificate
 * @param headers message headers; {@code Subject}, {@code To} and {@code From} have defaults
 * @param html the HTML body, empty for none
 * @param text the plain-text body, empty for none
 * @param timeout the longest connect, read and write on the SMTP connection
 */
public record EmailConfig(
    MessageTemplate to,
    MessageTemplate from,
    String hello,
    String smarthost,
    String authUsername,
    Secret authPassword,
    Secret authSecret,
    String authIdentity,
    boolean requireTls,
    boolean insecureSkipVerify,
    Map<String, MessageTemplate> headers,
    MessageTemplate html,
    MessageTemplate text,
    boolean sendResolved,
    Duration timeout)
    implements ChannelConfig {
  /** The default SMTP timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public EmailConfig {
    Objects.requireNonNull(hello, "hello");
    Objects.requireNonNull(authUsername, "authUsername");
    Objects.requireNonNull(authPassword, "authPassword");
    Objects.requireNonNull(authSecret, "authSecret");
    Objects.requireNonNull(authIdentity, "authIdentity");
    port(smarthost);
    Map<String, MessageTemplate> h = new LinkedHashMap<>();
    h.put("From", from);
    h.put("To", to);
    h.put("Subject", MessageTemplate.named("email.default.subject"));
    headers.forEach((k, v) -> h.put(canonical(k), v));
    headers = Map.copyOf(h);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
  }

  /** A config with Alertmanager's defaults: STARTTLS required, no auth, both bodies. */
  public static EmailConfig of(String to, String from, String smarthost) {
    return new EmailConfig(MessageTemplate.parse(to), MessageTemplate.parse(from), "localhost", smarthost, "", Secret.EMPTY, Secret.EMPTY,
        "", true, false, Map.of(), MessageTemplate.named("email.default.html"), MessageTemplate.named("email.default.text"), false,
        DEFAULT_TIMEOUT);
  }

  /** The host of the smarthost. */
  public String host() {
    return smarthost.substring(0, smarthost.lastIndexOf(':')).replace("[", "").replace("]", "");
  }

  /** The port of the smarthost. */
  public int port() {
    return port(smarthost);
  }

  private static int port(String smarthost) {
    int colon = smarthost.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("address " + smarthost + ": missing port in address");
    }
    try {
      int p = Integer.parseInt(smarthost.substring(colon + 1));
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("invalid port " + p + " in smarthost " + smarthost);
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port in smarthost " + smarthost, e);
    }
  }

  /** A header name as Go's {@code textproto.CanonicalMIMEHeaderKey} writes it (Alertmanager does so). */
  static String canonical(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  @Override
  public String kind() {
    return "email";
  }
}
