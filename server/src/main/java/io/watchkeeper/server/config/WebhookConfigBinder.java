package io.watchkeeper.server.config;

import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.model.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Binds one {@code webhook_configs} item as Alertmanager reads it. Stateless. */
final class WebhookConfigBinder {
  static final Set<String> HTTP_UNSUPPORTED = Set.of("tls_config", "proxy_url", "no_proxy", "proxy_from_environment",
      "proxy_connect_header", "follow_redirects", "enable_http2", "oauth2", "http_headers");

  private WebhookConfigBinder() {}

  static Optional<WebhookConfig> bind(Section s) {
    boolean hasUrl = s.has("url");
    boolean hasUrlFile = s.has("url_file");
    Secret url = s.secret("url", "url_file");
    if (!hasUrl && !hasUrlFile) {
      s.binder().error(s.location(), s.path(), "one of url or url_file must be configured");
    } else if (hasUrl && !hasUrlFile) {
      checkUrl(s, url);
    }
    boolean sendResolved = s.bool("send_resolved", true);
    long maxAlerts = s.integer("max_alerts", 0, 0);
    Duration timeout = s.duration("timeout", true).orElse(WebhookConfig.DEFAULT_TIMEOUT);
    Optional<WebhookConfig.BasicAuth> basic = Optional.empty();
    Optional<WebhookConfig.Authorization> authorization = Optional.empty();
    Optional<Section> http = s.section("http_config");
    if (http.isPresent()) {
      Section h = http.get();
      basic = h.section("basic_auth").map(WebhookConfigBinder::basicAuth);
      authorization = h.section("authorization").map(WebhookConfigBinder::authorization);
      if (h.has("bearer_token") || h.has("bearer_token_file")) {
        Secret token = h.secret("bearer_token", "bearer_token_file");
        if (authorization.isPresent()) {
          h.error("bearer_token", "at most one of bearer_token & bearer_token_file & authorization must be configured");
        }
        authorization = Optional.of(new WebhookConfig.Authorization("Bearer", token));
      }
      if (basic.isPresent() && authorization.isPresent()) {
        h.binder().error(h.location(), h.path(),
            "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        authorization = Optional.empty();
      }
      h.finish(HTTP_UNSUPPORTED);
    }
    s.finish(Set.of());
    if (url.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new WebhookConfig(url, sendResolved, (int) Math.min(maxAlerts, Integer.MAX_VALUE), basic, authorization, timeout));
  }

  // Alertmanager's URL checks, without ever echoing the URL (it may carry a token).
  private static void checkUrl(Section s, Secret url) {
    try {
      URI u = URI.create(url.reveal());
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        s.error("url", "unsupported scheme \"" + u.getScheme() + "\" for URL");
      } else if (u.getHost() == null || u.getHost().isEmpty()) {
        s.error("url", "missing host for URL");
      }
    } catch (IllegalArgumentException e) {
      s.error("url", "invalid URL (the value is not shown: it may hold a token)");
    }
  }

  private static WebhookConfig.BasicAuth basicAuth(Section b) {
    String user = b.string("username", "");
    Secret password = b.secret("password", "password_file");
    b.finish(Set.of("username_file"));
    return new WebhookConfig.BasicAuth(user, password);
  }

  private static WebhookConfig.Authorization authorization(Section a) {
    String type = a.string("type", "Bearer");
    if (type.equalsIgnoreCase("basic")) {
      a.error("type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
    }
    Secret credentials = a.secret("credentials", "credentials_file");
    a.finish(Set.of());
    return new WebhookConfig.Authorization(type, credentials);
  }
}
