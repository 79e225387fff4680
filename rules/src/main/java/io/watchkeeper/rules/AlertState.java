package io.watchkeeper.rules;

/** States of an alert instance, ordered as Prometheus orders them (firing is the highest). */
public enum AlertState {
  /** A rule that has not been evaluated yet. */
  UNKNOWN("unknown"),
  /** Not active: the condition does not hold, or the alert was resolved. */
  INACTIVE("inactive"),
  /** The condition holds, for less than the rule's {@code for}. */
  PENDING("pending"),
  /** The condition has held for the rule's {@code for}. */
  FIRING("firing");

  private final String apiName;

  AlertState(String apiName) {
    this.apiName = apiName;
  }

  /** {@code inactive}, {@code pending} or {@code firing}: the API's and the ALERTS series' word. */
  public String apiName() {
    return apiName;
  }
}
