package io.watchkeeper.alerting.alert;

import io.watchkeeper.model.Labels;
import java.time.Instant;

/**
 * Decides whether an alert is muted (Alertmanager {@code types.Muter}): implemented by silences,
 * inhibition and time intervals. Implementations are thread-safe and may record why they muted
 * in an {@link AlertMarker}.
 */
@FunctionalInterface
public interface Muter {
  /** Whether the alert with these labels is muted at {@code now}. */
  boolean mutes(Labels labels, Instant now);
}
