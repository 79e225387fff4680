package io.watchkeeper.server;

import io.watchkeeper.model.PromDuration;
import io.watchkeeper.web.api.RuntimeInfo;
import io.watchkeeper.web.api.ServerStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /api/v1/status/*} from the running {@link App}. */
final class Status implements ServerStatus {
  /** Values of keys that hold secrets, masked in the config shown by the API. */
  private static final Pattern SECRET_VALUE = Pattern.compile(
      "(?m)^(\\s*-?\\s*(?:password|credentials|bearer_token|secret|token|api_key|routing_key|service_key|"
          + "auth_password|auth_secret|webhook_url|api_url|url_file|bot_token)\\s*:\\s*)(\\S.*)$");

  private final App app;

  Status(App app) {
    this.app = app;
  }

  @Override
  public RuntimeInfo runtimeInfo() {
    return new RuntimeInfo(app.startTime(), Path.of("").toAbsolutePath().toString(), app.hostnameOfMachine(),
        app.lastReloadOk(), app.lastReloadTime(), 0,
        PromDuration.format(app.currentConfig().main().storage().retention()));
  }

  @Override
  public String configYaml() {
    return SECRET_VALUE.matcher(app.currentConfig().text()).replaceAll("$1<secret>");
  }

  @Override
  public Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("config", app.options().configFile().map(Path::toString).orElse(""));
    flags.put("data-dir", app.options().dataDir().toString());
    flags.put("listen", app.options().host() + ":" + app.options().port());
    flags.put("storage.retention", PromDuration.format(app.currentConfig().main().storage().retention()));
    return flags;
  }
}
