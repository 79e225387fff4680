package io.watchkeeper.web.api;

import java.util.Set;

/**
 * An endpoint and where it is served.
 *
 * @param path the path, exact ({@code /api/v1/query}) or a URI template with {@code {name}}
 *     segments ({@code /api/v1/label/{name}/values}); also the {@code handler} label of the
 *     request metrics
 * @param methods the HTTP methods served (HEAD is served wherever GET is)
 * @param errorStyle how failures are answered: Prometheus' JSON envelope or plain text
 * @param requiresReady whether the route answers 503 until the server is ready (as Prometheus
 *     gates its API, federation and remote write)
 * @param endpoint what serves it
 */
public record Route(String path, Set<String> methods, ApiErrors.Style errorStyle, boolean requiresReady, Endpoint endpoint) {
  public Route {
    methods = Set.copyOf(methods);
  }

  /** Whether {@code method} is served here. */
  public boolean allows(String method) {
    return methods.contains(method) || (method.equals("HEAD") && methods.contains("GET"));
  }
}
