package io.watchkeeper.web.api;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server's state for {@code /api/v1/status/runtimeinfo}; the API adds the JVM's figures
 * (threads, processors, heap limit) where Prometheus reports Go's.
 *
 * @param startTime when the server started
 * @param workingDirectory its working directory ({@code CWD})
 * @param hostname the host's name
 * @param reloadConfigSuccess whether the last configuration (re)load succeeded
 * @param lastConfigTime when the configuration in force was loaded, null if never
 * @param corruptionCount storage corruptions found (e.g. WAL segments that could not be replayed)
 * @param storageRetention the retention, as Prometheus words it ({@code 15d}, {@code 15d or 10GiB})
 */
public record RuntimeInfo(
    Instant startTime,
    String workingDirectory,
    String hostname,
    boolean reloadConfigSuccess,
    @Nullable Instant lastConfigTime,
    long corruptionCount,
    String storageRetention) {
  public RuntimeInfo {
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(storageRetention, "storageRetention");
  }
}
