package io.watchkeeper.alerting.history;

import java.util.Locale;

/** What happened to an alert: one entry of its timeline. */
public enum EventType {
  PENDING,
  FIRING,
  /** A notification about it was delivered; the event's detail names the integration. */
  NOTIFIED,
  /** Someone acknowledged it; the detail names who. */
  ACKNOWLEDGED,
  /** It resolved; the detail is empty when its source resolved it, else who closed it by hand. */
  RESOLVED;

  /** The lower-case name used in the API and the database. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type for {@link #apiName()}. */
  public static EventType ofApiName(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
