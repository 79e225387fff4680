package io.watchkeeper.web.api;

/**
 * Serves one route: reads the request from the {@link Exchange} and answers through it. Throws
 * whatever went wrong; {@link ApiErrors} turns it into the answer. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Endpoint {
  void handle(Exchange exchange) throws Exception;
}
