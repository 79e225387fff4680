package io.watchkeeper.server.config;

import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.dispatch.AlertIntake;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.escalation.EscalationPolicy;
import io.watchkeeper.alerting.history.HistoryOptions;
import io.watchkeeper.alerting.inhibit.InhibitRule;
import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.alerting.notify.RateLimit;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.timeinterval.TimeIntervals;
import io.watchkeeper.model.Matcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds Alertmanager's configuration schema (the {@code notifications:} section, or an
 * alertmanager.yml named by {@code notifications_file:}) onto alerting's records, with
 * Alertmanager's validation messages placed at file:line:column. Receivers of kinds we do not
 * send yet (wechat_configs, pushover_configs, ...) and keys we do not act on give a warning naming
 * them. Time intervals are bound by {@link TimeIntervalsBinder}; each channel kind by its binder
 * ({@link WebhookConfigBinder}, {@link SlackConfigBinder}, {@link EmailConfigBinder}, {@link
 * PagerDutyConfigBinder}, {@link OpsgenieConfigBinder}, {@link ChatConfigBinders}) with the
 * {@link ChannelGlobals} of {@code global:}. Not thread-safe: one binding pass.
 */
final class NotificationsBinder {
  static final Set<String> TOP_UNSUPPORTED = Set.of("templates", "tracing");
  static final Set<String> GLOBAL_UNSUPPORTED = Set.of("http_config", "smtp_tls_config", "victorops_api_key",
      "victorops_api_key_file", "victorops_api_url", "wechat_api_url", "wechat_api_secret", "wechat_api_corp_id", "webex_api_url",
      "rocketchat_api_url", "rocketchat_token", "rocketchat_token_file", "rocketchat_token_id", "rocketchat_token_id_file",
      "jira_api_url");
  /** Receiver kinds Alertmanager knows that are not built yet: a warning, not an error. */
  static final Set<String> RECEIVER_KINDS_UNSUPPORTED = Set.of("wechat_configs", "pushover_configs",
      "victorops_configs", "sns_configs", "webex_configs", "msteamsv2_configs", "jira_configs", "rocketchat_configs",
      "incidentio_configs");

  private NotificationsBinder() {}

  /** Binds a whole Alertmanager configuration map; {@code original} is its YAML text. */
  static Optional<NotificationsConfig> bind(Section top, String original) {
    Duration resolveTimeout = AlertIntake.DEFAULT_RESOLVE_TIMEOUT;
    Optional<Section> global = top.section("global");
    ChannelGlobals globals = ChannelGlobals.DEFAULTS;
    if (global.isPresent()) {
      resolveTimeout = global.get().duration("resolve_timeout", true).orElse(resolveTimeout);
      globals = ChannelGlobals.bind(global.get());
      global.get().finish(GLOBAL_UNSUPPORTED);
    }
    TimeIntervals intervals = TimeIntervalsBinder.bind(top);
    List<ReceiverConfig> receivers = receivers(top, globals);
    Set<String> receiverNames = new HashSet<>();
    receivers.forEach(r -> receiverNames.add(r.name()));
    List<EscalationPolicy> policies = escalationPolicies(top, receiverNames);
    Set<String> policyNames = new HashSet<>();
    policies.forEach(p -> policyNames.add(p.name()));
    Optional<RouteConfig> route = Optional.empty();
    Optional<Section> routeSection = top.section("route");
    if (routeSection.isEmpty()) {
      top.binder().error(top.location(), top.child("route"), "no routes provided (a root route with a receiver is required)");
    } else {
      route = Optional.of(route(routeSection.get(), true, receiverNames, intervals.byName().keySet(), policyNames));
    }
    List<InhibitRule> inhibit = new ArrayList<>();
    for (Section s : top.sections("inhibit_rules")) {
      inhibit.add(inhibitRule(s));
    }
    HistoryOptions history = top.section("alert_history").map(NotificationsBinder::history).orElse(HistoryOptions.DEFAULTS);
    top.finish(TOP_UNSUPPORTED);
    if (route.isEmpty() || !top.binder().errors().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new NotificationsConfig(resolveTimeout, route.get(), receivers, inhibit, intervals, original, policies, history));
  }

  /** Watchkeeper's {@code alert_history:}: {@code retention} (default 30d). */
  private static HistoryOptions history(Section s) {
    HistoryOptions d = HistoryOptions.DEFAULTS;
    HistoryOptions h = new HistoryOptions(s.duration("retention", true).orElse(d.retention()), d.cleanupInterval());
    s.finish(Set.of());
    return h;
  }

  /**
   * Watchkeeper's {@code escalation_policies:}: each a {@code name} and {@code steps} of {@code
   * after} (a duration from the group's first notification) and {@code receivers}.
   */
  private static List<EscalationPolicy> escalationPolicies(Section top, Set<String> receivers) {
    List<EscalationPolicy> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Section p : top.sections("escalation_policies")) {
      String name = p.string("name", "");
      if (name.isEmpty()) {
        p.binder().error(p.location(), p.path(), "missing name in escalation policy");
      } else if (!names.add(name)) {
        p.error("name", "escalation policy name \"" + name + "\" is not unique");
      }
      List<EscalationPolicy.Step> steps = new ArrayList<>();
      for (Section st : p.sections("steps")) {
        Optional<Duration> after = st.duration("after", false);
        List<Section.Located> rs = st.locatedStrings("receivers");
        for (Section.Located r : rs) {
          if (!receivers.contains(r.value())) {
            st.binder().error(r.location(), r.path(), "undefined receiver \"" + r.value() + "\" used in escalation policy");
          }
        }
        if (after.isEmpty()) {
          st.binder().error(st.location(), st.path(), "missing after (how long after the first notification, e.g. after: 5m)");
        }
        if (rs.isEmpty()) {
          st.binder().error(st.location(), st.path(), "a step needs at least one receiver");
        }
        st.finish(Set.of());
        after.filter(a -> !rs.isEmpty()).ifPresent(a -> steps.add(new EscalationPolicy.Step(a, rs.stream().map(Section.Located::value).toList())));
      }
      p.finish(Set.of());
      try {
        if (!name.isEmpty()) {
          out.add(new EscalationPolicy(name, steps));
        }
      } catch (IllegalArgumentException e) {
        p.binder().error(p.location(), p.path(), e.getMessage());
      }
    }
    return out;
  }

  private static RouteConfig route(Section s, boolean root, Set<String> receivers, Set<String> intervals, Set<String> policies) {
    RouteConfig.Builder b = RouteConfig.builder();
    Optional<String> receiver = s.string("receiver");
    if (receiver.isPresent() && !receiver.get().isEmpty()) {
      if (!receivers.contains(receiver.get())) {
        s.error("receiver", "undefined receiver \"" + receiver.get() + "\" used in route");
      }
      b.receiver(receiver.get());
    } else if (root) {
      s.binder().error(s.location(), s.path(), "root route must specify a default receiver");
    }
    if (s.has("group_by")) {
      b.groupBy(groupBy(s));
    } else {
      s.take("group_by");
    }
    List<Matcher> matchers = matchers(s, "match", "match_re", "matchers");
    b.matchers(matchers);
    b.continueMatching(s.bool("continue", false));
    s.duration("group_wait", false).ifPresent(b::groupWait);
    nonZero(s, "group_interval").ifPresent(b::groupInterval);
    nonZero(s, "repeat_interval").ifPresent(b::repeatInterval);
    List<String> mute = intervalNames(s, "mute_time_intervals", intervals);
    List<String> active = intervalNames(s, "active_time_intervals", intervals);
    b.muteTimeIntervals(mute).activeTimeIntervals(active);
    Optional<String> escalation = s.string("escalation").filter(e -> !e.isEmpty());
    if (escalation.isPresent()) {
      if (!policies.contains(escalation.get())) {
        s.error("escalation", "undefined escalation policy \"" + escalation.get() + "\" used in route");
      } else {
        b.escalation(escalation.get());
      }
    }
    if (root) {
      if (!matchers.isEmpty()) {
        s.binder().error(s.location(), s.path(), "root route must not have any matchers");
      }
      if (!mute.isEmpty()) {
        s.error("mute_time_intervals", "root route must not have any mute time intervals");
      }
      if (!active.isEmpty()) {
        s.error("active_time_intervals", "root route must not have any active time intervals");
      }
      if (s.has("continue") && b.build().continueMatching()) {
        s.error("continue", "cannot have continue in root route");
      }
    }
    List<RouteConfig> children = new ArrayList<>();
    for (Section child : s.sections("routes")) {
      children.add(route(child, false, receivers, intervals, policies));
    }
    b.routes(children);
    s.finish(Set.of());
    return b.build();
  }

  private static List<String> groupBy(Section s) {
    List<Section.Located> labels = s.locatedStrings("group_by");
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean all = false;
    for (Section.Located l : labels) {
      if (l.value().equals(RouteConfig.GROUP_BY_ALL)) {
        all = true;
      } else if (!io.watchkeeper.model.Labels.isValidLabelName(l.value())) {
        s.binder().error(l.location(), l.path(), "invalid label name \"" + l.value() + "\" in group_by list");
      } else if (!seen.add(l.value())) {
        s.binder().error(l.location(), l.path(), "duplicated label \"" + l.value() + "\" in group_by");
      }
      out.add(l.value());
    }
    if (all && labels.size() > 1) {
      s.error("group_by", "cannot have wildcard group_by (`...`) and other other labels at the same time");
    }
    return out;
  }

  private static Optional<Duration> nonZero(Section s, String key) {
    Optional<Duration> d = s.duration(key, false);
    if (d.isPresent() && d.get().isZero()) {
      s.error(key, key + " cannot be zero");
      return Optional.empty();
    }
    return d;
  }

  private static List<String> intervalNames(Section s, String key, Set<String> known) {
    List<String> out = new ArrayList<>();
    for (Section.Located l : s.locatedStrings(key)) {
      if (!known.contains(l.value())) {
        s.binder().error(l.location(), l.path(), "undefined time interval \"" + l.value() + "\" used in route");
      }
      out.add(l.value());
    }
    return out;
  }

  /** The old {@code match}/{@code match_re} maps and the new {@code matchers} list, together. */
  static List<Matcher> matchers(Section s, String matchKey, String matchReKey, String matchersKey) {
    List<Matcher> out = new ArrayList<>();
    for (Map.Entry<String, String> e : s.stringMap(matchKey).entrySet()) {
      if (!io.watchkeeper.model.Labels.isValidLabelName(e.getKey())) {
        s.error(matchKey, "invalid label name \"" + e.getKey() + "\"");
        continue;
      }
      out.add(Matcher.equal(e.getKey(), e.getValue()));
    }
    for (Map.Entry<String, String> e : s.stringMap(matchReKey).entrySet()) {
      if (!io.watchkeeper.model.Labels.isValidLabelName(e.getKey())) {
        s.error(matchReKey, "invalid label name \"" + e.getKey() + "\"");
        continue;
      }
      try {
        out.add(AlertMatchers.ofMatchRe(e.getKey(), e.getValue()));
      } catch (IllegalArgumentException ex) {
        s.error(matchReKey, "invalid regular expression for " + e.getKey() + ": " + ex.getMessage());
      }
    }
    for (Section.Located l : s.locatedStrings(matchersKey)) {
      try {
        out.addAll(AlertMatchers.parseAll(l.value()));
      } catch (IllegalArgumentException ex) {
        s.binder().error(l.location(), l.path(), ex.getMessage());
      }
    }
    return out;
  }

  private static List<ReceiverConfig> receivers(Section top, ChannelGlobals globals) {
    List<ReceiverConfig> out = new ArrayList<>();
    Map<String, Section> byName = new LinkedHashMap<>();
    for (Section s : top.sections("receivers")) {
      String name = s.string("name", "");
      if (name.isEmpty()) {
        s.binder().error(s.location(), s.path(), "missing name in receiver");
      } else if (byName.containsKey(name)) {
        s.error("name", "notification config name \"" + name + "\" is not unique");
      }
      byName.put(name, s);
      List<ChannelConfig> channels = new ArrayList<>();
      for (Section w : s.sections("webhook_configs")) {
        WebhookConfigBinder.bind(w).ifPresent(channels::add);
      }
      for (Section c : s.sections("slack_configs")) {
        SlackConfigBinder.bind(c, globals).ifPresent(channels::add);
      }
      for (Section c : s.sections("email_configs")) {
        EmailConfigBinder.bind(c, globals).ifPresent(channels::add);
      }
      for (Section c : s.sections("pagerduty_configs")) {
        PagerDutyConfigBinder.bind(c, globals).ifPresent(channels::add);
      }
      for (Section c : s.sections("opsgenie_configs")) {
        OpsgenieConfigBinder.bind(c, globals).ifPresent(channels::add);
      }
      for (Section c : s.sections("msteams_configs")) {
        ChatConfigBinders.teams(c).ifPresent(channels::add);
      }
      for (Section c : s.sections("discord_configs")) {
        ChatConfigBinders.discord(c).ifPresent(channels::add);
      }
      for (Section c : s.sections("telegram_configs")) {
        ChatConfigBinders.telegram(c, globals).ifPresent(channels::add);
      }
      Optional<RateLimit> rateLimit = s.section("rate_limit").flatMap(NotificationsBinder::rateLimit);
      s.finish(RECEIVER_KINDS_UNSUPPORTED);
      out.add(new ReceiverConfig(name, channels, rateLimit));
    }
    return out;
  }

  private static Optional<RateLimit> rateLimit(Section s) {
    long max = s.integer("max_notifications", 1, 1);
    Optional<Duration> interval = s.duration("interval", true);
    s.finish(Set.of());
    if (interval.isEmpty()) {
      s.binder().error(s.location(), s.path(), "interval is required (e.g. interval: 5m for one notification per 5 minutes)");
      return Optional.empty();
    }
    return Optional.of(new RateLimit((int) Math.min(max, Integer.MAX_VALUE), interval.get()));
  }

  private static InhibitRule inhibitRule(Section s) {
    List<Matcher> source = matchers(s, "source_match", "source_match_re", "source_matchers");
    List<Matcher> target = matchers(s, "target_match", "target_match_re", "target_matchers");
    List<String> equal = new ArrayList<>();
    for (Section.Located l : s.locatedStrings("equal")) {
      if (!io.watchkeeper.model.Labels.isValidLabelName(l.value())) {
        s.binder().error(l.location(), l.path(), "invalid label name \"" + l.value() + "\" in equal list");
      }
      equal.add(l.value());
    }
    s.finish(Set.of());
    return new InhibitRule(source, target, equal);
  }
}
