package io.watchkeeper.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.alert.AlertingMetrics;
import io.watchkeeper.alerting.alert.ManualClock;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelivererTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final InMemoryNotificationLog nflog = new InMemoryNotificationLog();
  private final AlertingMetrics metrics = new AlertingMetrics(new PrometheusRegistry());
  private final CapturingNotifier notifier = new CapturingNotifier();
  // random() = 0: no jitter taken off, so waits are exact
  private final Deliverer deliverer = new Deliverer(outbox, nflog, clock, DeliveryOptions.DEFAULTS, metrics, fixedRandom());

  private static RandomGenerator fixedRandom() {
    return () -> 0L;
  }

  @AfterEach
  void close() {
    deliverer.close();
  }

  private Integration integration(Optional<RateLimit> limit) {
    Integration in = new Integration("sms", "webhook", 0, notifier, true, limit);
    deliverer.setIntegrations(List.of(in));
    return in;
  }

  private OutboxEntry entry(String group) {
    Notification n = new Notification("sms", group, Labels.EMPTY, List.of(), "");
    return new OutboxEntry(0, "sms/webhook/0", group, n, Set.of(1L), Set.of(), Duration.ofHours(4), clock.instant(), 0,
        clock.instant(), "");
  }

  @Test
  void deliveredNotificationIsLoggedAndLeavesTheOutbox() {
    integration(Optional.empty());
    deliverer.enqueue(entry("g1"));

    assertThat(deliverer.deliverDue("sms/webhook/0")).isEqualTo(1);

    assertThat(notifier.sent).hasSize(1);
    assertThat(outbox.size()).isZero();
    NflogEntry logged = nflog.query("sms/webhook/0", "g1").orElseThrow();
    assertThat(logged.firing()).containsExactly(1L);
    assertThat(logged.timestamp()).isEqualTo(T0);
    assertThat(logged.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(8)));
  }

  @Test
  void retryableFailureBacksOffExponentiallyAndSucceedsLater() {
    integration(Optional.empty());
    deliverer.enqueue(entry("g1"));
    notifier.failWith.set(NotifyException.retryable("HTTP 503", null));

    deliverer.deliverDue("sms/webhook/0");
    assertThat(outbox.nextAttemptAt("sms/webhook/0")).contains(T0.plusSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    deliverer.deliverDue("sms/webhook/0");
    assertThat(outbox.nextAttemptAt("sms/webhook/0")).contains(T0.plusSeconds(3));
    clock.advance(Duration.ofSeconds(1));
    assertThat(deliverer.deliverDue("sms/webhook/0")).as("not due yet").isZero();

    notifier.failWith.set(null);
    clock.advance(Duration.ofSeconds(1));
    deliverer.deliverDue("sms/webhook/0");
    assertThat(notifier.sent).hasSize(1);
    assertThat(outbox.size()).isZero();
  }

  @Test
  void backoffIsCappedAndJittered() {
    DeliveryOptions o = DeliveryOptions.DEFAULTS;
    assertThat(o.backoff(1, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.backoff(4, 0)).isEqualTo(Duration.ofSeconds(8));
    assertThat(o.backoff(30, 0)).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.backoff(4, 0.999)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
  }

  @Test
  void permanentFailureIsDroppedAndCounted() {
    integration(Optional.empty());
    deliverer.enqueue(entry("g1"));
    notifier.failWith.set(NotifyException.permanent("HTTP 404", null));

    deliverer.deliverDue("sms/webhook/0");

    assertThat(outbox.size()).isZero();
    assertThat(nflog.size()).isZero();
    assertThat(metrics.notificationsFailed.labelValues("sms/webhook/0", "permanent").get()).isEqualTo(1);
  }

  @Test
  void retryingStopsAfterMaxAge() {
    integration(Optional.empty());
    deliverer.enqueue(entry("g1"));
    notifier.failWith.set(NotifyException.retryable("down", null));
    clock.advance(DeliveryOptions.DEFAULTS.maxAge());

    deliverer.deliverDue("sms/webhook/0");

    assertThat(outbox.size()).isZero();
    assertThat(metrics.notificationsFailed.labelValues("sms/webhook/0", "expired").get()).isEqualTo(1);
  }

  @Test
  void rateLimitAllowsOneSmsPerFiveMinutesAndHoldsTheRest() {
    integration(Optional.of(new RateLimit(1, Duration.ofMinutes(5))));
    deliverer.enqueue(entry("g1"));
    deliverer.enqueue(entry("g2"));

    deliverer.deliverDue("sms/webhook/0");
    assertThat(notifier.sent).hasSize(1);
    assertThat(outbox.size()).isEqualTo(1);
    assertThat(outbox.nextAttemptAt("sms/webhook/0")).contains(T0.plus(Duration.ofMinutes(5)));

    clock.advance(Duration.ofMinutes(4));
    deliverer.deliverDue("sms/webhook/0");
    assertThat(notifier.sent).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    deliverer.deliverDue("sms/webhook/0");
    assertThat(notifier.sent).hasSize(2);
  }

  @Test
  void rateLimitRemembersTheLastDeliveryAcrossARestart() {
    nflog.log(new NflogEntry("g0", "sms/webhook/0", Set.of(1L), Set.of(), T0.minusSeconds(60), T0.plusSeconds(3600)));
    integration(Optional.of(new RateLimit(1, Duration.ofMinutes(5))));
    deliverer.enqueue(entry("g1"));

    deliverer.deliverDue("sms/webhook/0");

    assertThat(notifier.sent).isEmpty();
    assertThat(outbox.nextAttemptAt("sms/webhook/0")).contains(T0.plus(Duration.ofMinutes(4)));
  }

  @Test
  void newerFlushReplacesAWaitingNotificationOfTheSameGroup() {
    integration(Optional.empty());
    notifier.failWith.set(NotifyException.retryable("down", null));
    deliverer.enqueue(entry("g1"));
    deliverer.deliverDue("sms/webhook/0");
    deliverer.enqueue(entry("g1"));

    assertThat(outbox.size()).isEqualTo(1);
    assertThat(outbox.due("sms/webhook/0", clock.instant(), 10).get(0).attempts()).isZero();
  }

  @Test
  void notificationsWaitingInTheOutboxAreSentAfterARestart() {
    outbox.put(entry("written-before-crash"));
    Deliverer restarted = new Deliverer(outbox, nflog, clock, DeliveryOptions.DEFAULTS, metrics, fixedRandom());
    restarted.setIntegrations(List.of(new Integration("sms", "webhook", 0, notifier, true, Optional.empty())));

    restarted.deliverDue();

    assertThat(notifier.sent).extracting(Notification::groupKey).containsExactly("written-before-crash");
    restarted.close();
  }

  @Test
  void entryOfAnIntegrationNoLongerConfiguredIsDropped() {
    outbox.put(entry("g1"));
    deliverer.setIntegrations(List.of());

    deliverer.deliverDue();

    assertThat(outbox.size()).isZero();
  }
}
