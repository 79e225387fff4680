package io.watchkeeper.alerting.dispatch;

import io.watchkeeper.model.Matcher;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of Alertmanager's {@code route:} tree as configured; what is absent is inherited from the
 * parent (or the defaults at the root) when the {@link Route} tree is built. Immutable.
 *
 * @param receiver the receiver's name, inherited when empty
 * @param groupBy label names to group by; {@code ...} alone groups by all labels; empty when not
 *     configured (inherited)
 * @param matchers what an alert must match: {@code match}, {@code match_re} and {@code matchers}
 *     together
 * @param continueMatching {@code continue}: whether later sibling routes are tried after this one
 *     matched
 * @param muteTimeIntervals names of time intervals in which this route is muted (not inherited)
 * @param activeTimeIntervals names of time intervals outside which this route is muted (not
 *     inherited)
 * @param escalation the escalation policy of the groups of this route (Watchkeeper's {@code
 *     escalation:} key; not inherited), empty for none
 */
public record RouteConfig(
    Optional<String> receiver,
    Optional<List<String>> groupBy,
    List<Matcher> matchers,
    boolean continueMatching,
    Optional<Duration> groupWait,
    Optional<Duration> groupInterval,
    Optional<Duration> repeatInterval,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals,
    List<RouteConfig> routes,
    Optional<String> escalation) {
  /** The label list that stands for "group by every label". */
  public static final String GROUP_BY_ALL = "...";

  public RouteConfig {
    Objects.requireNonNull(receiver, "receiver");
    groupBy = groupBy.map(List::copyOf);
    matchers = List.copyOf(matchers);
    Objects.requireNonNull(groupWait, "groupWait");
    Objects.requireNonNull(groupInterval, "groupInterval");
    Objects.requireNonNull(repeatInterval, "repeatInterval");
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    activeTimeIntervals = List.copyOf(activeTimeIntervals);
    routes = List.copyOf(routes);
    Objects.requireNonNull(escalation, "escalation");
  }

  /** A root route sending everything to {@code receiver} with the defaults. */
  public static RouteConfig root(String receiver) {
    return builder().receiver(receiver).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RouteConfig}; for tests and the config binder. Not thread-safe. */
  public static final class Builder {
    private Optional<String> receiver = Optional.empty();
    private Optional<List<String>> groupBy = Optional.empty();
    private List<Matcher> matchers = List.of();
    private boolean continueMatching;
    private Optional<Duration> groupWait = Optional.empty();
    private Optional<Duration> groupInterval = Optional.empty();
    private Optional<Duration> repeatInterval = Optional.empty();
    private List<String> muteTimeIntervals = List.of();
    private List<String> activeTimeIntervals = List.of();
    private List<RouteConfig> routes = List.of();
    private Optional<String> escalation = Optional.empty();

    private Builder() {}

    public Builder escalation(String policy) {
      escalation = Optional.of(policy);
      return this;
    }

    public Builder receiver(String v) {
      receiver = Optional.of(v);
      return this;
    }

    public Builder groupBy(String... labels) {
      groupBy = Optional.of(List.of(labels));
      return this;
    }

    public Builder groupBy(List<String> labels) {
      groupBy = Optional.of(labels);
      return this;
    }

    public Builder matchers(List<Matcher> v) {
      matchers = v;
      return this;
    }

    public Builder matchers(Matcher... v) {
      matchers = List.of(v);
      return this;
    }

    public Builder continueMatching(boolean v) {
      continueMatching = v;
      return this;
    }

    public Builder groupWait(Duration v) {
      groupWait = Optional.of(v);
      return this;
    }

    public Builder groupInterval(Duration v) {
      groupInterval = Optional.of(v);
      return this;
    }

    public Builder repeatInterval(Duration v) {
      repeatInterval = Optional.of(v);
      return this;
    }

    public Builder muteTimeIntervals(List<String> v) {
      muteTimeIntervals = v;
      return this;
    }

    public Builder activeTimeIntervals(List<String> v) {
      activeTimeIntervals = v;
      return this;
    }

    public Builder routes(List<RouteConfig> v) {
      routes = v;
      return this;
    }

    public Builder routes(RouteConfig... v) {
      routes = List.of(v);
      return this;
    }

    public RouteConfig build() {
      return new RouteConfig(receiver, groupBy, matchers, continueMatching, groupWait, groupInterval, repeatInterval,
          muteTimeIntervals, activeTimeIntervals, routes, escalation);
    }
  }
}
