package io.watchkeeper.server.config;

import io.watchkeeper.alerting.notify.pagerduty.PagerDutyConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds one {@code pagerduty_configs} item (Events API v2) as Alertmanager reads it. Stateless. */
final class PagerDutyConfigBinder {
  static final Set<String> UNSUPPORTED = Set.of("http_config");

  private PagerDutyConfigBinder() {}

  static Optional<PagerDutyConfig> bind(Section s, ChannelGlobals globals) {
    boolean v1 = s.has("service_key") || s.has("service_key_file");
    if (v1) {
      s.error(s.has("service_key") ? "service_key" : "service_key_file",
          "service_key (Events API v1) is not supported: use routing_key with an Events API v2 integration");
      s.take("service_key");
      s.take("service_key_file");
    }
    Secret key = s.secret("routing_key", "routing_key_file");
    if (key.isEmpty() && !v1 && !s.has("routing_key_file")) {
      s.binder().error(s.location(), s.path(), "missing service or routing key in PagerDuty config");
    }
    String url = s.string("url").or(globals::pagerdutyUrl).orElse(PagerDutyConfig.DEFAULT_URL);
    TemplateKeys.checkUrl(s, "url", url);
    PagerDutyConfig d = PagerDutyConfig.of(key, url, TemplateKeys.DEFAULT_TIMEOUT);
    boolean sendResolved = s.bool("send_resolved", true);
    MessageTemplate client = TemplateKeys.template(s, "client", d.client());
    MessageTemplate clientUrl = TemplateKeys.template(s, "client_url", d.clientUrl());
    MessageTemplate description = TemplateKeys.template(s, "description", d.description());
    Map<String, MessageTemplate> details = new LinkedHashMap<>();
    s.section("details").ifPresent(ds -> {
      for (String k : ds.keys()) {
        details.put(k, TemplateKeys.template(ds, k, MessageTemplate.parse("")));
      }
      ds.finish(Set.of());
    });
    List<PagerDutyConfig.Image> images = new ArrayList<>();
    for (Section i : s.sections("images")) {
      images.add(new PagerDutyConfig.Image(TemplateKeys.template(i, "src", MessageTemplate.parse("")),
          TemplateKeys.template(i, "alt", MessageTemplate.parse("")), TemplateKeys.template(i, "href", MessageTemplate.parse(""))));
      i.finish(Set.of());
    }
    List<PagerDutyConfig.Link> links = new ArrayList<>();
    for (Section l : s.sections("links")) {
      links.add(new PagerDutyConfig.Link(TemplateKeys.template(l, "href", MessageTemplate.parse("")),
          TemplateKeys.template(l, "text", MessageTemplate.parse(""))));
      l.finish(Set.of());
    }
    Optional<MessageTemplate> source = s.has("source") ? Optional.of(TemplateKeys.template(s, "source", d.client())) : Optional.empty();
    Optional<MessageTemplate> severity =
        s.has("severity") ? Optional.of(TemplateKeys.template(s, "severity", MessageTemplate.parse("error"))) : Optional.empty();
    s.take("source");
    s.take("severity");
    MessageTemplate eventClass = TemplateKeys.template(s, "class", d.eventClass());
    MessageTemplate component = TemplateKeys.template(s, "component", d.component());
    MessageTemplate group = TemplateKeys.template(s, "group", d.group());
    PagerDutyConfig c = new PagerDutyConfig(key, url, sendResolved, client, clientUrl, description, details, images, links, source,
        severity, eventClass, component, group, TemplateKeys.timeout(s));
    s.finish(UNSUPPORTED);
    return key.isEmpty() ? Optional.empty() : Optional.of(c);
  }
}
