package io.watchkeeper.alerting.dispatch;

import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A node of the routing tree with its inherited options (Alertmanager {@code dispatch.Route}).
 * Built once per configuration; immutable and thread-safe.
 */
public final class Route {
  private final @Nullable Route parent;
  private final RouteOptions options;
  private final List<Matcher> matchers;
  private final boolean continueMatching;
  private final List<Route> routes;
  private final String key;
  private final String id;
  private final Optional<String> escalation;

  private Route(RouteConfig config, @Nullable Route parent, int position) {
    this.parent = parent;
    this.options = inherit(config, parent == null ? RouteOptions.DEFAULTS : parent.options);
    List<Matcher> ms = new ArrayList<>(config.matchers());
    ms.sort(AlertMatchers.ORDER);
    this.matchers = List.copyOf(ms);
    this.continueMatching = config.continueMatching();
    this.escalation = config.escalation();
    this.key = (parent == null ? "" : parent.key + "/") + AlertMatchers.format(matchers);
    this.id = parent == null ? key : key + "/" + position;
    List<Route> children = new ArrayList<>();
    for (int i = 0; i < config.routes().size(); i++) {
      children.add(new Route(config.routes().get(i), this, i));
    }
    this.routes = List.copyOf(children);
  }

  /** The tree for a root route configuration. */
  public static Route tree(RouteConfig root) {
    return new Route(root, null, 0);
  }

  private static RouteOptions inherit(RouteConfig c, RouteOptions p) {
    String receiver = c.receiver().filter(r -> !r.isEmpty()).orElse(p.receiver());
    Set<String> groupBy = p.groupBy();
    boolean all = p.groupByAll();
    if (c.groupBy().isPresent()) {
      List<String> g = c.groupBy().get();
      all = g.size() == 1 && g.get(0).equals(RouteConfig.GROUP_BY_ALL);
      groupBy = all ? Set.of() : new HashSet<>(g);
    }
    return new RouteOptions(receiver, groupBy, all, c.groupWait().orElse(p.groupWait()),
        c.groupInterval().orElse(p.groupInterval()), c.repeatInterval().orElse(p.repeatInterval()),
        c.muteTimeIntervals(), c.activeTimeIntervals());
  }

  /**
   * The routes an alert with these labels goes to: a depth-first, left-to-right search in which a
   * matching child stops the search among its siblings unless it has {@code continue}; a node
   * whose children all fail to match is itself the match. Empty if the root does not match.
   */
  public List<Route> match(Labels labels) {
    if (!AlertMatchers.matches(matchers, labels)) {
      return List.of();
    }
    List<Route> all = new ArrayList<>();
    for (Route child : routes) {
      List<Route> m = child.match(labels);
      all.addAll(m);
      if (!m.isEmpty() && !child.continueMatching) {
        break;
      }
    }
    if (all.isEmpty()) {
      all.add(this);
    }
    return all;
  }

  /** Visits this route and its descendants depth-first. */
  public void walk(Consumer<Route> visitor) {
    visitor.accept(this);
    for (Route r : routes) {
      r.walk(visitor);
    }
  }

  /** The labels of the group an alert with these labels falls into on this route. */
  public Labels groupLabels(Labels alertLabels) {
    return options.groupByAll() ? alertLabels : alertLabels.keeping(options.groupBy());
  }

  public RouteOptions options() {
    return options;
  }

  public List<Matcher> matchers() {
    return matchers;
  }

  /** The escalation policy of this route's groups, if it has one (not inherited). */
  public Optional<String> escalation() {
    return escalation;
  }

  /** The route with this {@link #id()} in the tree under this one. */
  public Optional<Route> find(String routeId) {
    if (id.equals(routeId)) {
      return Optional.of(this);
    }
    for (Route r : routes) {
      Optional<Route> found = r.find(routeId);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  public boolean continueMatching() {
    return continueMatching;
  }

  public List<Route> routes() {
    return routes;
  }

  public @Nullable Route parent() {
    return parent;
  }

  /**
   * Alertmanager's route key: the parent's key, a slash and this route's sorted matchers, e.g.
   * {@code {}/{severity="critical"}}. Not unique; group keys start with it.
   */
  public String key() {
    return key;
  }

  /** The key plus the position among siblings: unique in the tree. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
