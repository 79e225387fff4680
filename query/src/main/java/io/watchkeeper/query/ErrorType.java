package io.watchkeeper.query;

/**
 * Error kinds of the Prometheus HTTP API's envelope ({@code errorType}), with the HTTP status
 * Prometheus answers for each.
 */
public enum ErrorType {
  BAD_DATA("bad_data", 400),
  EXECUTION("execution", 422),
  TIMEOUT("timeout", 503),
  CANCELED("canceled", 499),
  INTERNAL("internal", 500),
  UNAVAILABLE("unavailable", 503),
  NOT_FOUND("not_found", 404);

  private final String apiName;
  private final int httpStatus;

  ErrorType(String apiName, int httpStatus) {
    this.apiName = apiName;
    this.httpStatus = httpStatus;
  }

  public String apiName() {
    return apiName;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
