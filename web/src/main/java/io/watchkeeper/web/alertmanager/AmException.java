package io.watchkeeper.web.alertmanager;

/**
 * A request Alertmanager's API refuses, answered as it answers: a JSON string body ({@code "silence
 * not found"}) or, for validation by its OpenAPI layer, {@code {"code":602,"message":"..."}}.
 */
final class AmException extends Exception {
  final int status;
  final int code; // the OpenAPI error code, 0 for a plain JSON string answer

  AmException(int status, String message) {
    this(status, 0, message);
  }

  AmException(int status, int code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** 422 for a missing required field, as go-swagger words it. */
  static AmException required(String field) {
    return new AmException(422, 602, field + " in body is required");
  }
}
