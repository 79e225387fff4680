package io.watchkeeper.alerting;

import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.Integration;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.NotifyException;
import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a test notification through a configured receiver ({@code POST /api/alerts/test}, {@code
 * watchkeeper alert test --receiver NAME}): one firing alert {@code WatchkeeperTestNotification}
 * (severity {@code info}) to each of the receiver's integrations, directly and at once (not
 * through the outbox: the caller wants to know now whether it works), with a group key unique to
 * the test so paging services open a fresh incident. Thread-safe.
 */
public final class ReceiverTester {
  private static final Logger log = LoggerFactory.getLogger(ReceiverTester.class);
  /** The test alert's name. */
  public static final String ALERT_NAME = "WatchkeeperTestNotification";

  /**
   * What one integration did with the test.
   *
   * @param integration the integration's key, {@code receiver/kind/index}
   * @param error why it failed; empty when delivered
   */
  public record Result(String integration, boolean delivered, boolean retryable, String error) {
    public Result {
      Objects.requireNonNull(integration, "integration");
      Objects.requireNonNull(error, "error");
    }
  }

  private final NotificationManager alerting;
  private final InstantSource clock;

  public ReceiverTester(NotificationManager alerting, InstantSource clock) {
    this.alerting = alerting;
    this.clock = clock;
  }

  /** Tests every integration of {@code receiver}; empty if no receiver has that name. */
  public Optional<List<Result>> test(String receiver) {
    if (!alerting.receiverNames().contains(receiver)) {
      return Optional.empty();
    }
    Notification n = notification(receiver, clock.instant(), alerting.externalUrl());
    List<Result> out = new ArrayList<>();
    for (Integration in : alerting.integrations(receiver)) {
      try {
        in.notifier().notify(n);
        out.add(new Result(in.key(), true, false, ""));
      } catch (NotifyException e) {
        out.add(new Result(in.key(), false, e.retryable(), String.valueOf(e.getMessage())));
        log.atWarn().addKeyValue("component", "alerting").addKeyValue("integration", in.key()).setCause(e)
            .log("test notification failed");
      }
    }
    return Optional.of(out);
  }

  /** The test notification for a receiver at {@code now}. */
  static Notification notification(String receiver, Instant now, String externalUrl) {
    Labels labels = Labels.of("alertname", ALERT_NAME, "severity", "info", "receiver", receiver);
    Labels annotations = Labels.of("summary", "Test notification from Watchkeeper",
        "description", "If you can read this, receiver \"" + receiver + "\" works.");
    NotifiedAlert a = new NotifiedAlert(false, labels, annotations, now, TrackedAlert.ZERO_TIME, externalUrl,
        Fingerprint.of(labels));
    return new Notification(receiver, "{}:{alertname=\"" + ALERT_NAME + "\"}/" + now.toEpochMilli(), Labels.of("alertname", ALERT_NAME),
        List.of(a), externalUrl);
  }
}
