package io.watchkeeper.web.api;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v1/status/buildinfo}, {@code runtimeinfo}, {@code config} and {@code flags}, in
 * Prometheus' shapes so that promtool, Grafana and Prometheus' own UI can read them. Thread-safe.
 */
final class StatusEndpoints {
  private final BuildInfo buildInfo;
  private final ServerStatus status;
  private final Clock clock;

  StatusEndpoints(BuildInfo buildInfo, ServerStatus status, Clock clock) {
    this.buildInfo = buildInfo;
    this.status = status;
    this.clock = clock;
  }

  void buildInfo(Exchange ex) throws IOException {
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartObject();
          gen.writeStringField("version", buildInfo.version());
          gen.writeStringField("revision", buildInfo.revision());
          gen.writeStringField("branch", buildInfo.branch());
          gen.writeStringField("buildUser", buildInfo.buildUser());
          gen.writeStringField("buildDate", buildInfo.buildDate());
          gen.writeStringField("goVersion", buildInfo.runtimeVersion());
          gen.writeEndObject();
        });
  }

  /**
   * Prometheus' fields; where it reports Go's runtime ({@code goroutineCount}, {@code GOMAXPROCS},
   * {@code GOMEMLIMIT}) we report the JVM's live platform threads, available processors and heap
   * limit.
   */
  void runtimeInfo(Exchange ex) throws IOException {
    RuntimeInfo info = status.runtimeInfo();
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartObject();
          gen.writeStringField("startTime", ApiJson.time(info.startTime()));
          gen.writeStringField("CWD", info.workingDirectory());
          gen.writeStringField("hostname", info.hostname());
          gen.writeStringField("serverTime", ApiJson.time(clock.instant()));
          gen.writeBooleanField("reloadConfigSuccess", info.reloadConfigSuccess());
          gen.writeStringField("lastConfigTime", ApiJson.time(info.lastConfigTime()));
          gen.writeNumberField("corruptionCount", info.corruptionCount());
          gen.writeNumberField("goroutineCount", ManagementFactory.getThreadMXBean().getThreadCount());
          gen.writeNumberField("GOMAXPROCS", Runtime.getRuntime().availableProcessors());
          gen.writeNumberField("GOMEMLIMIT", Runtime.getRuntime().maxMemory());
          gen.writeStringField("storageRetention", info.storageRetention());
          gen.writeEndObject();
        });
  }

  void config(Exchange ex) throws IOException {
    String yaml = status.configYaml();
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartObject();
          gen.writeStringField("yaml", yaml);
          gen.writeEndObject();
        });
  }

  void flags(Exchange ex) throws IOException {
    Map<String, String> flags = new TreeMap<>(status.flags());
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartObject();
          for (Map.Entry<String, String> e : flags.entrySet()) {
            gen.writeStringField(e.getKey(), e.getValue());
          }
          gen.writeEndObject();
        });
  }
}
