package io.watchkeeper.rules;

/** How a rule's last evaluation went, named as Prometheus' API names it. */
public enum RuleHealth {
  /** Not evaluated yet. */
  UNKNOWN("unknown"),
  /** The last evaluation succeeded. */
  OK("ok"),
  /** The last evaluation failed; see the rule's last error. */
  ERR("err");

  private final String apiName;

  RuleHealth(String apiName) {
    this.apiName = apiName;
  }

  /** {@code unknown}, {@code ok} or {@code err}. */
  public String apiName() {
    return apiName;
  }
}
