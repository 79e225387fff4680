package io.watchkeeper.alerting.silence;

/** Where a silence stands in time. */
public enum SilenceState {
  PENDING("pending"),
  ACTIVE("active"),
  EXPIRED("expired");

  private final String apiName;

  SilenceState(String apiName) {
    this.apiName = apiName;
  }

  /** The word Alertmanager's API uses. */
  public String apiName() {
    return apiName;
  }
}
