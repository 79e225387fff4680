package io.watchkeeper.alerting.history;

import java.util.Locale;

/** Where an alert stands in its timeline. */
public enum AlertState {
  /** Its rule's condition holds but not yet for its {@code for} duration. */
  PENDING,
  /** Firing and not acknowledged. */
  FIRING,
  /** Firing and acknowledged by someone. */
  ACKNOWLEDGED,
  /** Over: resolved by its source, or closed by hand. */
  RESOLVED;

  /** The lower-case name used in the API and the database. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state for {@link #apiName()}. */
  public static AlertState ofApiName(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
