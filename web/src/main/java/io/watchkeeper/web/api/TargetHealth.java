package io.watchkeeper.web.api;

/** A target's health after its last scrape, as {@code /api/v1/targets} names it. */
public enum TargetHealth {
  UP("up"),
  DOWN("down"),
  /** Not scraped yet. */
  UNKNOWN("unknown");

  private final String apiName;

  TargetHealth(String apiName) {
    this.apiName = apiName;
  }

  /** {@code up}, {@code down} or {@code unknown}. */
  public String apiName() {
    return apiName;
  }
}
