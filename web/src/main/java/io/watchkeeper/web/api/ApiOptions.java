package io.watchkeeper.web.api;

import java.time.Duration;

/**
 * Limits and defaults of the API.
 *
 * @param queryTimeout default and cap of a query's {@code timeout} (Prometheus {@code
 *     --query.timeout}, 2m)
 * @param lookbackDelta how far back {@code /federate} looks for a series' latest sample (5m, as
 *     PromQL)
 * @param remoteWriteMaxBodyBytes largest compressed remote-write body (32 MiB)
 * @param remoteWriteMaxDecompressedBytes largest remote-write body once decompressed (128 MiB),
 *     checked before the buffer is allocated
 * @param importMaxBodyBytes largest {@code /api/v1/import} body after gzip decoding (1 GiB; it is
 *     streamed, not held in memory)
 */
public record ApiOptions(
    Duration queryTimeout,
    Duration lookbackDelta,
    int remoteWriteMaxBodyBytes,
    int remoteWriteMaxDecompressedBytes,
    long importMaxBodyBytes) {
  public ApiOptions {
    requirePositive("queryTimeout", queryTimeout.toMillis());
    requirePositive("lookbackDelta", lookbackDelta.toMillis());
    requirePositive("remoteWriteMaxBodyBytes", remoteWriteMaxBodyBytes);
    requirePositive("remoteWriteMaxDecompressedBytes", remoteWriteMaxDecompressedBytes);
    requirePositive("importMaxBodyBytes", importMaxBodyBytes);
  }

  /** Prometheus' defaults where it has them. */
  public static ApiOptions defaults() {
    return new ApiOptions(Duration.ofMinutes(2), Duration.ofMinutes(5), 32 << 20, 128 << 20, 1L << 30);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
