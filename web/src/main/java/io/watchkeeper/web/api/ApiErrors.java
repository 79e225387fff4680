package io.watchkeeper.web.api;

import io.watchkeeper.ingest.receive.RemoteWriteException;
import io.watchkeeper.query.ErrorType;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.storage.StorageException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers (Prometheus {@code returnAPIError} and {@code
 * respondError}): {@code bad_data} 400, {@code execution} 422, {@code timeout} 503, {@code
 * canceled} 499, {@code not_found} 404, {@code internal} 500 (also for an {@link OutOfMemoryError}
 * a request ran into), and 413/415 for bodies. API routes
 * answer with the JSON envelope, the others (remote write, federation, lifecycle) with plain text
 * as Prometheus does. Thread-safe: stateless.
 */
public final class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  /** How a route reports failures. */
  public enum Style {
    /** {@code {"status":"error","errorType":...,"error":...}} */
    JSON,
    /** The message as {@code text/plain}, as Go's {@code http.Error} writes it. */
    TEXT
  }

  /** What to answer: status, error type and message. */
  private record Answer(int status, ErrorType errorType, String message) {}

  private ApiErrors() {}

  /** Answers {@code exchange} for {@code failure}; the response must not have started. */
  public static void respond(Exchange exchange, Style style, Throwable failure) throws IOException {
    Answer a = answerFor(failure, exchange.path());
    if (style == Style.JSON) {
      ApiJson.error(exchange, a.status(), a.errorType(), a.message(), null);
    } else {
      exchange.respondText(a.status(), a.message() + "\n");
    }
  }

  /** The answer for {@code failure} on {@code path}; logs the failures an operator must see. */
  private static Answer answerFor(Throwable failure, String path) {
    return switch (failure) {
      case ApiException e -> new Answer(e.status(), e.errorType(), message(e));
      case QueryException e -> new Answer(e.errorType().httpStatus(), e.errorType(), message(e));
      case RemoteWriteException e ->
          new Answer(e.reason() == RemoteWriteException.Reason.TOO_LARGE ? 413 : 400, ErrorType.BAD_DATA, message(e));
      case Exchange.BodyTooLargeException e -> new Answer(413, ErrorType.BAD_DATA, message(e));
      case IOException e -> new Answer(400, ErrorType.BAD_DATA, "cannot read request body: " + message(e));
      case OutOfMemoryError e -> {
        log.atError().addKeyValue("path", path).setCause(e).log("out of memory while serving a request; the server goes on");
        yield new Answer(500, ErrorType.INTERNAL, "out of memory while serving the request (" + message(e) + ")");
      }
      case StorageException e -> {
        log.atError().addKeyValue("path", path).setCause(e).log("storage failed while serving a request");
        yield new Answer(500, ErrorType.INTERNAL, message(e));
      }
      default -> {
        log.atError().addKeyValue("path", path).setCause(failure).log("BUG: unexpected failure while serving a request");
        yield new Answer(500, ErrorType.INTERNAL, "internal error: " + failure);
      }
    };
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
