package io.watchkeeper.probe;

import io.watchkeeper.model.Secret;
import java.util.Objects;

/**
 * A Redis check ({@code type: redis}): connect, {@code PING}, a {@code SET}/{@code GET}/{@code
 * DEL} round trip on a key of its own (unless {@code roundTrip} is off, for read-only replicas) and
 * the memory figures of {@code INFO memory}.
 *
 * @param username empty for the default user
 * @param tls connect over TLS ({@code rediss://})
 */
public record RedisSpec(String host, int port, int database, String username, Secret password, boolean tls, boolean roundTrip)
    implements ProbeSpec {
  public RedisSpec {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("target needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
    }
    if (database < 0) {
      throw new IllegalArgumentException("database must not be negative, got " + database);
    }
  }

  /** A check of {@code host:port}, database 0, no credentials. */
  public static RedisSpec of(String host, int port) {
    return new RedisSpec(host, port, 0, "", Secret.EMPTY, false, true);
  }

  @Override
  public MonitorType type() {
    return MonitorType.REDIS;
  }
}
