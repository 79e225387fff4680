package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Secret;
import io.watchkeeper.probe.net.AddressResolver;
import io.watchkeeper.probe.testserver.RealServers;
import io.watchkeeper.probe.testserver.RedisServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Redis checks against a real redis-server (Debian's redis-server package). */
@ExtendWith(RealServers.class)
class RedisProberTest {
  private final OneShotCheck checks = new OneShotCheck(new Probers(AddressResolver.SYSTEM,
      () -> new InetSocketAddress("127.0.0.1", 53), "Watchkeeper/test", new SplittableRandom(13)), InstantSource.system(),
      System::nanoTime);

  private OneShotCheck.Report check(RedisSpec spec, Duration timeout) throws InterruptedException {
    return checks.run(new MonitorConfig("redis", Duration.ofSeconds(30), timeout, 0, 1, 1, LatencyThresholds.defaultFor(MonitorType.REDIS),
        Map.of(), spec));
  }

  @Test
  void pingsRoundTripsAndReadsMemory(RedisServer redis) throws Exception {
    OneShotCheck.Report r = check(RedisSpec.of("127.0.0.1", redis.port()), Duration.ofSeconds(5));

    assertThat(r.result().verdict()).isIn(Status.HEALTHY, Status.DEGRADED); // a busy machine may pass 100 ms
    assertThat(r.result().message()).startsWith("PING in ").contains(", SET/GET/DEL in ").contains("used memory ")
        .contains(" of 64.0 MiB");
    assertThat(r.value("probe_redis_used_memory_bytes").orElseThrow()).isPositive();
    assertThat(r.value("probe_redis_maxmemory_bytes")).hasValue(64 << 20);
    assertThat(r.samples()).filteredOn(s -> s.name().equals("probe_redis_duration_seconds")).extracting(s -> s.label("phase"))
        .containsExactly("connect", "ping", "roundtrip");
    try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
      assertThat(j.keys("watchkeeper:probe:*")).isEmpty();
    }
  }

  @Test
  void passwordIsSentAndItsAbsenceNamed(RedisServer redis) throws Exception {
    try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
      admin.configSet("requirepass", "s3cret");
      try {
        OneShotCheck.Report without = check(RedisSpec.of("127.0.0.1", redis.port()), Duration.ofSeconds(5));
        OneShotCheck.Report with = check(new RedisSpec("127.0.0.1", redis.port(), 0, "", Secret.of("s3cret"), false, true),
            Duration.ofSeconds(5));

        assertThat(without.result().message()).startsWith("Redis at 127.0.0.1:" + redis.port() + " refused: NOAUTH");
        assertThat(with.result().verdict()).isNotEqualTo(Status.UNHEALTHY);
      } finally {
        admin.auth("s3cret");
        admin.configSet("requirepass", "");
      }
    }
  }

  @Test
  void refusedAndHangingServersFailWithinTheTimeout() throws Exception {
    try (Socket reserved = FaultServer.reservedPort(); FaultServer hang = new FaultServer(FaultServer::hang)) {
      OneShotCheck.Report refused = check(RedisSpec.of("127.0.0.1", reserved.getLocalPort()), Duration.ofSeconds(2));
      OneShotCheck.Report hung = check(RedisSpec.of("127.0.0.1", hang.port()), Duration.ofMillis(500));

      assertThat(refused.result().message()).startsWith("cannot talk to Redis at 127.0.0.1:" + reserved.getLocalPort() + ": ");
      assertThat(hung.result().message()).isEqualTo("timed out after 500ms talking to Redis at 127.0.0.1:" + hang.port());
    }
  }
}
