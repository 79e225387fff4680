package io.watchkeeper.server.config;

import io.watchkeeper.alerting.notify.template.MessageTemplate;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What the channel binders share: message templates parsed where they are written (an unsupported
 * construct is an error at its key), timeouts, and URL checks that never echo the URL. Stateless.
 */
final class TemplateKeys {
  /** The request timeout of the HTTP channels when {@code timeout} is not set. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private TemplateKeys() {}

  /** The template at {@code key}, or {@code dflt} when absent or invalid (then an error is reported). */
  static MessageTemplate template(Section s, String key, MessageTemplate dflt) {
    Optional<String> text = s.rawString(key);
    if (text.isEmpty()) {
      return dflt;
    }
    try {
      return MessageTemplate.parse(text.get());
    } catch (IllegalArgumentException e) {
      s.error(key, "invalid template: " + e.getMessage());
      return dflt;
    }
  }

  /** {@code timeout}, default 30s. */
  static Duration timeout(Section s) {
    return s.duration("timeout", true).orElse(DEFAULT_TIMEOUT);
  }

  /** Reports an error at {@code key} unless {@code url} is an absolute http(s) URL; never shows it. */
  static void checkUrl(Section s, String key, String url) {
    try {
      URI u = URI.create(url);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        s.error(key, "unsupported scheme \"" + u.getScheme() + "\" for URL");
      } else if (u.getHost() == null || u.getHost().isEmpty()) {
        s.error(key, "missing host for URL");
      }
    } catch (IllegalArgumentException e) {
      s.error(key, "invalid URL (the value is not shown: it may hold a token)");
    }
  }
}
