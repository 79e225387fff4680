package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LatencyThresholdsTest {
  @Test
  void postgresDefaultsAreTheSeeds200msAnd1s() {
    assertThat(LatencyThresholds.defaultFor(MonitorType.POSTGRES))
        .isEqualTo(new LatencyThresholds(Optional.of(Duration.ofMillis(200)), Optional.of(Duration.ofMillis(1000))));
  }

  @Test
  void redisDefaultsAreTheSeeds100msAnd500ms() {
    assertThat(LatencyThresholds.defaultFor(MonitorType.REDIS))
        .isEqualTo(new LatencyThresholds(Optional.of(Duration.ofMillis(100)), Optional.of(Duration.ofMillis(500))));
  }

  @ParameterizedTest
  @EnumSource(value = MonitorType.class, names = {"POSTGRES", "REDIS"}, mode = EnumSource.Mode.EXCLUDE)
  void otherTypesHaveNoDefaults(MonitorType type) {
    assertThat(LatencyThresholds.defaultFor(type)).isEqualTo(LatencyThresholds.NONE);
  }

  @Test
  void verdictIsDegradedAboveTheFirstAndUnhealthyAboveTheSecond() {
    LatencyThresholds redis = LatencyThresholds.defaultFor(MonitorType.REDIS);

    assertThat(redis.verdict(Duration.ofMillis(100))).isEqualTo(Status.HEALTHY);
    assertThat(redis.verdict(Duration.ofMillis(101))).isEqualTo(Status.DEGRADED);
    assertThat(redis.verdict(Duration.ofMillis(500))).isEqualTo(Status.DEGRADED);
    assertThat(redis.verdict(Duration.ofMillis(501))).isEqualTo(Status.UNHEALTHY);
  }
}
