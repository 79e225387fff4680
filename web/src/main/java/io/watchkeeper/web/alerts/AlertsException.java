package io.watchkeeper.web.alerts;

/** A request the alert API refuses: answered with its status and {@code {"success": false, "error": message}}. */
final class AlertsException extends Exception {
  final int status;

  AlertsException(int status, String message) {
    super(message);
    this.status = status;
  }

  AlertsException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  static AlertsException badRequest(String message) {
    return new AlertsException(400, message);
  }

  static AlertsException notFound(String message) {
    return new AlertsException(404, message);
  }
}
