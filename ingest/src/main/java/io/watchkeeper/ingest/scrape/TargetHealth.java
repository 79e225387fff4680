package io.watchkeeper.ingest.scrape;

import java.util.Locale;

/** A target's health, as {@code /api/v1/targets} shows it. */
public enum TargetHealth {
  /** Not scraped yet. */
  UNKNOWN,
  /** The last scrape succeeded. */
  UP,
  /** The last scrape failed. */
  DOWN;

  /** The API's spelling: {@code up}, {@code down}, {@code unknown}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
