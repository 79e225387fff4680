package io.watchkeeper.server.config;

import io.watchkeeper.alerting.NotificationsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loads the notification side of the configuration: Alertmanager's schema inline under {@code
 * notifications:}, or in the alertmanager.yml that {@code notifications_file:} names (relative to
 * the config file), bound onto {@link NotificationsConfig} with every problem reported at once as
 * {@code file:line:column: path: message}. Reads only those two keys; {@link ConfigLoader} owns the
 * rest of the file. Stateless and thread-safe.
 *
 * <pre>{@code
 * LoadedNotifications n = new NotificationsLoader(System.getenv()).load(configPath);
 * n.warnings().forEach(w -> log.atWarn().log(w));
 * n.config().ifPresent(alerting::applyConfig);
 * }</pre>
 */
public final class NotificationsLoader {
  private final Map<String, String> env;

  /** A loader that expands {@code ${VAR}} from {@code env}. */
  public NotificationsLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Loads the notification side of a Watchkeeper configuration file. */
  public LoadedNotifications load(Path file) throws ConfigException {
    Path dir = file.toAbsolutePath().getParent();
    return parse(file.toString(), dir == null ? Path.of(".") : dir, read(file, "configuration file"));
  }

  /** Loads the notification side of Watchkeeper configuration text. */
  public LoadedNotifications parse(String source, Path baseDir, String text) throws ConfigException {
    YamlNode root = YamlTreeReader.read(source, text);
    if (!(root instanceof YamlNode.MapNode map)) {
      return new LoadedNotifications(Optional.empty(), List.of());
    }
    Binder binder = new Binder(source, baseDir, env);
    Section top = new Section(binder, "", map);
    boolean inline = top.has("notifications");
    boolean file = top.has("notifications_file");
    if (inline && file) {
      top.error("notifications_file", "at most one of notifications and notifications_file must be configured");
      throw new ConfigException(binder.errors());
    }
    if (file) {
      Optional<String> name = top.string("notifications_file");
      if (!binder.errors().isEmpty() || name.isEmpty()) {
        throw new ConfigException(binder.errors());
      }
      return loadAlertmanagerFile(binder.resolve(name.get()));
    }
    if (!inline) {
      return new LoadedNotifications(Optional.empty(), List.of());
    }
    Optional<Section> section = top.section("notifications");
    Optional<NotificationsConfig> config = section.flatMap(s -> NotificationsBinder.bind(s, redact(text)));
    return finish(binder, config);
  }

  /** Loads an alertmanager.yml (Alertmanager's schema at the top level). */
  public LoadedNotifications loadAlertmanagerFile(Path file) throws ConfigException {
    String text = read(file, "notifications file");
    Path dir = file.toAbsolutePath().getParent();
    YamlNode root = YamlTreeReader.read(file.toString(), text);
    Binder binder = new Binder(file.toString(), dir == null ? Path.of(".") : dir, env);
    if (!(root instanceof YamlNode.MapNode map)) {
      throw new ConfigException(List.of(file + ":" + root.location().line() + ":" + root.location().column()
          + ": an Alertmanager configuration must be a map (route, receivers, ...), got " + root.kind()));
    }
    return finish(binder, NotificationsBinder.bind(new Section(binder, "", map), redact(text)));
  }

  private static LoadedNotifications finish(Binder binder, Optional<NotificationsConfig> config) throws ConfigException {
    if (!binder.errors().isEmpty()) {
      throw new ConfigException(binder.errors());
    }
    return new LoadedNotifications(config, new ArrayList<>(binder.warnings()));
  }

  private static String read(Path file, String what) throws ConfigException {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read " + what + ": " + e.getMessage()));
    }
  }

  private static final String SECRET_KEYS = "(?:url|[a-z_]*password|credentials|bearer_token|[a-z_]*api_key|[a-z_]*api_url"
      + "|[a-z_]*token|[a-z_]*secret|webhook_url|routing_key|service_key|auth_password)";
  private static final Pattern BLOCK_SECRET = Pattern.compile("(?m)^(\\s*-?\\s*" + SECRET_KEYS + "\\s*:\\s*)([^\\s{\\[].*)$");
  private static final Pattern FLOW_SECRET = Pattern.compile("([{,]\\s*" + SECRET_KEYS + "\\s*:\\s*)([^,}\\n]+)");

  /**
   * The configuration text {@code GET /api/v2/status} shows, with the values of secret keys (URLs,
   * passwords, tokens) replaced by {@code <secret>} as Alertmanager shows them.
   */
  static String redact(String text) {
    return FLOW_SECRET.matcher(BLOCK_SECRET.matcher(text).replaceAll("$1<secret>")).replaceAll("$1<secret>");
  }
}
