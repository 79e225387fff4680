package io.watchkeeper.alerting.alert;

import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import java.time.Instant;

/** Test alerts. */
public final class Alerts {
  private Alerts() {}

  /** A firing alert with no end (as the API receives one without endsAt). */
  public static Alert firing(Instant startsAt, String... labels) {
    return new Alert(Labels.of(labels), Labels.EMPTY, startsAt, TrackedAlert.ZERO_TIME, "");
  }

  /** An alert with both times set. */
  public static Alert of(Instant startsAt, Instant endsAt, String... labels) {
    return new Alert(Labels.of(labels), Labels.EMPTY, startsAt, endsAt, "");
  }

  /** A tracked alert. */
  public static TrackedAlert tracked(Instant startsAt, Instant endsAt, Instant updatedAt, boolean timeout, String... labels) {
    return new TrackedAlert(of(startsAt, endsAt, labels), updatedAt, timeout);
  }
}
