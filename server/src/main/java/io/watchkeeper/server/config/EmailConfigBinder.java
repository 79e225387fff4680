package io.watchkeeper.server.config;

import io.watchkeeper.alerting.notify.email.EmailConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds one {@code email_configs} item as Alertmanager reads it, with the {@code global.smtp_*} defaults. Stateless. */
final class EmailConfigBinder {
  static final Set<String> TLS_UNSUPPORTED = Set.of("ca", "ca_file", "ca_ref", "cert", "cert_file", "cert_ref", "key", "key_file",
      "key_ref", "server_name", "min_version", "max_version");

  private EmailConfigBinder() {}

  static Optional<EmailConfig> bind(Section s, ChannelGlobals g) {
    String to = s.rawString("to").orElse("");
    if (to.isEmpty()) {
      s.binder().error(s.location(), s.path(), "missing to address in email config");
    }
    String from = s.rawString("from").orElse(g.smtpFrom());
    if (from.isEmpty()) {
      s.binder().error(s.location(), s.path(), "no global SMTP from set");
    }
    String smarthost = s.string("smarthost").orElse(g.smtpSmarthost());
    if (smarthost.isEmpty()) {
      s.binder().error(s.location(), s.path(), "no global SMTP smarthost set");
    }
    boolean ownAuth = s.has("auth_username") || s.has("auth_password") || s.has("auth_password_file") || s.has("auth_secret")
        || s.has("auth_secret_file") || s.has("auth_identity");
    String user = s.string("auth_username", ownAuth ? "" : g.smtpAuthUsername());
    Secret password = s.secret("auth_password", "auth_password_file");
    Secret secret = s.secret("auth_secret", "auth_secret_file");
    String identity = s.string("auth_identity", ownAuth ? "" : g.smtpAuthIdentity());
    if (!ownAuth) {
      password = g.smtpAuthPassword();
      secret = g.smtpAuthSecret();
    }
    boolean requireTls = s.bool("require_tls", g.smtpRequireTls());
    boolean insecure = false;
    Optional<Section> tls = s.section("tls_config");
    if (tls.isPresent()) {
      insecure = tls.get().bool("insecure_skip_verify", false);
      tls.get().finish(TLS_UNSUPPORTED);
    }
    Map<String, MessageTemplate> headers = new LinkedHashMap<>();
    s.section("headers").ifPresent(h -> {
      for (String k : h.keys()) {
        headers.put(k, TemplateKeys.template(h, k, MessageTemplate.parse("")));
      }
      h.finish(Set.of());
    });
    MessageTemplate toTemplate = template(s, "to", to);
    MessageTemplate fromTemplate = template(s, "from", from);
    MessageTemplate html = TemplateKeys.template(s, "html", MessageTemplate.named("email.default.html"));
    MessageTemplate text = TemplateKeys.template(s, "text", MessageTemplate.named("email.default.text"));
    boolean sendResolved = s.bool("send_resolved", false);
    String hello = s.string("hello", g.smtpHello());
    var timeout = s.duration("timeout", true).orElse(EmailConfig.DEFAULT_TIMEOUT);
    s.finish(Set.of());
    if (to.isEmpty() || from.isEmpty() || smarthost.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new EmailConfig(toTemplate, fromTemplate, hello, smarthost, user, password, secret, identity, requireTls,
          insecure, headers, html, text, sendResolved, timeout));
    } catch (IllegalArgumentException e) {
      s.error("smarthost", e.getMessage());
      return Optional.empty();
    }
  }

  private static MessageTemplate template(Section s, String key, String text) {
    try {
      return MessageTemplate.parse(text);
    } catch (IllegalArgumentException e) {
      s.error(key, "invalid template: " + e.getMessage());
      return MessageTemplate.parse("");
    }
  }
}
