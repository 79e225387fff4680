package io.watchkeeper.server.config;

import io.watchkeeper.alerting.notify.opsgenie.OpsgenieConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds one {@code opsgenie_configs} item as Alertmanager reads it, with {@code global.opsgenie_api_key/url}. Stateless. */
final class OpsgenieConfigBinder {
  static final Set<String> UNSUPPORTED = Set.of("http_config", "update_alerts");

  private OpsgenieConfigBinder() {}

  static Optional<OpsgenieConfig> bind(Section s, ChannelGlobals globals) {
    boolean inline = s.has("api_key") || s.has("api_key_file");
    Secret key = s.secret("api_key", "api_key_file");
    if (!inline) {
      key = globals.opsgenieApiKey();
    }
    if (key.isEmpty()) {
      s.binder().error(s.location(), s.path(), "no global OpsGenie API Key set either inline or in a file");
    }
    String url = s.string("api_url").or(globals::opsgenieApiUrl).orElse(OpsgenieConfig.DEFAULT_API_URL);
    TemplateKeys.checkUrl(s, "api_url", url);
    OpsgenieConfig d = OpsgenieConfig.of(key, url, TemplateKeys.DEFAULT_TIMEOUT);
    boolean sendResolved = s.bool("send_resolved", true);
    MessageTemplate message = TemplateKeys.template(s, "message", d.message());
    MessageTemplate description = TemplateKeys.template(s, "description", d.description());
    MessageTemplate source = TemplateKeys.template(s, "source", d.source());
    Map<String, MessageTemplate> details = new LinkedHashMap<>();
    s.section("details").ifPresent(ds -> {
      for (String k : ds.keys()) {
        details.put(k, TemplateKeys.template(ds, k, MessageTemplate.parse("")));
      }
      ds.finish(Set.of());
    });
    List<OpsgenieConfig.Responder> responders = new ArrayList<>();
    for (Section r : s.sections("responders")) {
      try {
        responders.add(new OpsgenieConfig.Responder(r.string("id", ""), r.string("name", ""), r.string("username", ""),
            r.string("type", "")));
      } catch (IllegalArgumentException e) {
        r.binder().error(r.location(), r.path(), e.getMessage());
      }
      r.finish(Set.of());
    }
    MessageTemplate priority = TemplateKeys.template(s, "priority", d.priority());
    s.rawString("priority").filter(p -> !p.contains("{{") && !p.matches("P[1-5]"))
        .ifPresent(p -> s.error("priority", "priority must be one of P1, P2, P3, P4 or P5, got \"" + p + "\""));
    OpsgenieConfig c = new OpsgenieConfig(key, url, sendResolved, message, description, source, details,
        TemplateKeys.template(s, "entity", d.entity()), responders, TemplateKeys.template(s, "actions", d.actions()),
        TemplateKeys.template(s, "tags", d.tags()), TemplateKeys.template(s, "note", d.note()), priority, TemplateKeys.timeout(s));
    s.finish(UNSUPPORTED);
    return key.isEmpty() ? Optional.empty() : Optional.of(c);
  }
}
