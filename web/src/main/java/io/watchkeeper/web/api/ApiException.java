package io.watchkeeper.web.api;

import io.watchkeeper.query.ErrorType;
import org.jspecify.annotations.Nullable;

/**
 * A request the API refuses, with the HTTP status and the Prometheus {@code errorType} to answer
 * with. Expected in normal operation (bad parameters, oversized bodies), so it carries no stack
 * trace. {@link ApiErrors} turns it into the response.
 */
public final class ApiException extends Exception {
  private final int status;
  private final ErrorType errorType;

  public ApiException(int status, ErrorType errorType, String message) {
    this(status, errorType, message, null);
  }

  public ApiException(int status, ErrorType errorType, String message, @Nullable Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.errorType = errorType;
  }

  /** 400 {@code bad_data}. */
  public static ApiException badData(String message) {
    return new ApiException(400, ErrorType.BAD_DATA, message);
  }

  /** 400 {@code bad_data} wrapping what made the request bad. */
  public static ApiException badDataCausedBy(String message, Throwable cause) {
    return new ApiException(400, ErrorType.BAD_DATA, message, cause);
  }

  /** 400 {@code bad_data} naming the parameter, worded as Prometheus' {@code invalidParamError}. */
  public static ApiException invalidParam(String parameter, String detail, @Nullable Throwable cause) {
    return new ApiException(400, ErrorType.BAD_DATA, "invalid parameter \"" + parameter + "\": " + detail, cause);
  }

  /** 413: a body over its limit. */
  public static ApiException tooLarge(String message) {
    return new ApiException(413, ErrorType.BAD_DATA, message);
  }

  /** 415: a body in a format the endpoint does not take. */
  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, ErrorType.BAD_DATA, message);
  }

  /** 404 {@code not_found}. */
  public static ApiException notFound(String message) {
    return new ApiException(404, ErrorType.NOT_FOUND, message);
  }

  /** 503 {@code unavailable}. */
  public static ApiException unavailable(String message) {
    return new ApiException(503, ErrorType.UNAVAILABLE, message);
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }

  /** The Prometheus error type of the JSON envelope. */
  public ErrorType errorType() {
    return errorType;
  }
}
