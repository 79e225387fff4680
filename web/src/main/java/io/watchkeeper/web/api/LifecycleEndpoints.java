package io.watchkeeper.web.api;

import io.watchkeeper.query.ErrorType;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code /-/healthy}, {@code /-/ready}, {@code /-/reload} and {@code /api/v1/admin/tsdb/flush},
 * answered as Prometheus answers its lifecycle endpoints (plain text). Thread-safe.
 */
final class LifecycleEndpoints {
  private final BooleanSupplier ready;
  private final ConfigReloader reloader;
  private final HeadFlusher flusher;

  LifecycleEndpoints(BooleanSupplier ready, ConfigReloader reloader, HeadFlusher flusher) {
    this.ready = ready;
    this.reloader = reloader;
    this.flusher = flusher;
  }

  void healthy(Exchange ex) throws IOException {
    ex.respondText(200, "Watchkeeper is Healthy.\n");
  }

  /** 200 once the storage is open and the configuration loaded, 503 until then. */
  void ready(Exchange ex) throws IOException {
    if (ready.getAsBoolean()) {
      ex.respondText(200, "Watchkeeper is Ready.\n");
    } else {
      ex.respondText(503, "Service Unavailable");
    }
  }

  /** 200 with no body when the new configuration is in force; 500 with the reason otherwise. */
  void reload(Exchange ex) throws IOException {
    Optional<String> error = reloader.reload();
    if (error.isPresent()) {
      ex.respondText(500, "failed to reload config: " + error.get() + "\n");
    } else {
      ex.respondEmpty(200);
    }
  }

  /** 204 once the head is persisted. */
  void flush(Exchange ex) throws ApiException, IOException {
    try {
      flusher.flushHead();
    } catch (IOException e) {
      throw new ApiException(500, ErrorType.INTERNAL, "cannot flush head: " + e.getMessage(), e);
    }
    ex.respondEmpty(204);
  }
}
