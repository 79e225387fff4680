package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert in a notification, as Alertmanager's template data carries it ({@code template.Alert}).
 * Immutable.
 *
 * @param resolved whether it is resolved at the flush; firing alerts carry {@link
 *     TrackedAlert#ZERO_TIME} as {@code endsAt}, as Alertmanager sends them
 * @param fingerprint the fingerprint of the labels
 */
public record NotifiedAlert(
    boolean resolved, Labels labels, Labels annotations, Instant startsAt, Instant endsAt, String generatorUrl, long fingerprint) {
  public NotifiedAlert {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(generatorUrl, "generatorUrl");
  }

  /** The alert as a flush at {@code now} hands it on. */
  public static NotifiedAlert of(TrackedAlert a, Instant now) {
    boolean resolved = a.isResolvedAt(now);
    return new NotifiedAlert(resolved, a.labels(), a.annotations(), a.startsAt(),
        resolved ? a.endsAt() : TrackedAlert.ZERO_TIME, a.alert().generatorUrl(), a.fingerprint());
  }

  /** {@code firing} or {@code resolved}. */
  public String status() {
    return resolved ? "resolved" : "firing";
  }

  /** The fingerprint as 16 hex digits. */
  public String fingerprintHex() {
    return Fingerprint.format(fingerprint);
  }
}
