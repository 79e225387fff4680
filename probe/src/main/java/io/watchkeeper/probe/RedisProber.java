package io.watchkeeper.probe;

import io.watchkeeper.probe.net.Durations;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Runs a {@link RedisSpec} with Jedis: connects, {@code PING}s, makes a {@code SET}/{@code
 * GET}/{@code DEL} round trip on a key of its own ({@code watchkeeper:probe:<monitor>:<random>},
 * set with a one-minute expiry so an interrupted check leaves nothing behind) and reads {@code
 * INFO memory}. Writes {@code probe_redis_duration_seconds{phase="connect|ping|roundtrip"}},
 * {@code probe_redis_used_memory_bytes} and {@code probe_redis_maxmemory_bytes}. Thread-safe:
 * each attempt uses its own connection.
 */
final class RedisProber implements Prober {
  private final String monitor;
  private final RedisSpec spec;
  private final RandomGenerator random;

  RedisProber(String monitor, RedisSpec spec, RandomGenerator random) {
    this.monitor = monitor;
    this.spec = spec;
    this.random = random;
  }

  @Override
  public ProbeOutcome probe(ProbeContext context, ProbeSamples samples) {
    int millis = Math.max(1, context.deadline().remainingMillis());
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).database(spec.database()).clientName("watchkeeper-probe").autoNegotiateProtocol(false);
    if (spec.tls()) {
      config.sslOptions(SslOptions.defaults()); // the JDK's trust store, host name verified
    }
    if (!spec.username().isEmpty()) {
      config.user(spec.username());
    }
    if (!spec.password().isEmpty()) {
      config.password(spec.password().reveal());
    }
    String where = spec.host() + ":" + spec.port();
    long t0 = context.deadline().nanoTime().getAsLong();
    try (Jedis jedis = new Jedis(new HostAndPort(spec.host(), spec.port()), config.build())) {
      jedis.connect();
      long t1 = context.deadline().nanoTime().getAsLong();
      samples.add("probe_redis_duration_seconds", (t1 - t0) / 1e9, "phase", "connect");
      String pong = jedis.ping();
      long t2 = context.deadline().nanoTime().getAsLong();
      samples.add("probe_redis_duration_seconds", (t2 - t1) / 1e9, "phase", "ping");
      if (!"PONG".equalsIgnoreCase(pong)) {
        return ProbeOutcome.failed("Redis at " + where + " answered PING with \"" + HttpAssertions.shorten(pong) + "\"");
      }
      String message = "PING in " + Durations.formatNanos(t2 - t1);
      if (spec.roundTrip()) {
        String failure = roundTrip(jedis);
        long t3 = context.deadline().nanoTime().getAsLong();
        samples.add("probe_redis_duration_seconds", (t3 - t2) / 1e9, "phase", "roundtrip");
        if (!failure.isEmpty()) {
          return ProbeOutcome.failed("Redis at " + where + ": " + failure);
        }
        message += ", SET/GET/DEL in " + Durations.formatNanos(t3 - t2);
      }
      String info = jedis.info("memory");
      OptionalLong used = infoField(info, "used_memory");
      OptionalLong max = infoField(info, "maxmemory");
      used.ifPresent(u -> samples.add("probe_redis_used_memory_bytes", u));
      max.ifPresent(m -> samples.add("probe_redis_maxmemory_bytes", m));
      if (used.isPresent()) {
        message += ", used memory " + mib(used.getAsLong()) + (max.isPresent() && max.getAsLong() > 0
            ? " of " + mib(max.getAsLong()) : "");
      }
      return ProbeOutcome.healthy(message);
    } catch (JedisConnectionException e) {
      if (context.deadline().expired()) {
        return ProbeOutcome.failed("timed out after " + Durations.format(context.deadline().timeout()) + " talking to Redis at "
            + where);
      }
      return ProbeOutcome.failed("cannot talk to Redis at " + where + ": " + reason(e));
    } catch (JedisException e) {
      return ProbeOutcome.failed("Redis at " + where + " refused: " + reason(e));
    }
  }

  /** SET, GET and DEL of a fresh key; the failure in words, or empty. */
  private String roundTrip(Jedis jedis) {
    String key = "watchkeeper:probe:" + monitor + ":" + HexFormat.of().toHexDigits(random.nextLong());
    String value = HexFormat.of().toHexDigits(random.nextLong());
    jedis.set(key, value, SetParams.setParams().px(60_000));
    String got = jedis.get(key);
    long deleted = jedis.del(key);
    if (!value.equals(got)) {
      return "GET returned " + (got == null ? "nothing" : "another value") + " right after SET";
    }
    if (deleted != 1) {
      return "DEL removed " + deleted + " keys instead of 1";
    }
    return "";
  }

  /** A numeric field of an INFO section ({@code used_memory:1234}). */
  static OptionalLong infoField(String info, String field) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        try {
          return OptionalLong.of(Long.parseLong(line.substring(field.length() + 1).strip()));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static String reason(JedisException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
      m += " (" + root.getMessage() + ")";
    }
    return m;
  }
}
