package io.watchkeeper.web;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.watchkeeper.query.ErrorType;
import io.watchkeeper.web.api.ApiErrors;
import io.watchkeeper.web.api.ApiException;
import io.watchkeeper.web.api.Exchange;
import io.watchkeeper.web.api.Route;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link Route} (or, without one, answers 404): checks the method and readiness, runs
 * the endpoint, hands any failure to {@link ApiErrors}, and records the request's duration and
 * status code. A blocking handler: Jetty runs it on a virtual thread. Thread-safe.
 */
final class RouteHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(RouteHandler.class);
  private static final String NOT_FOUND_HANDLER = "other";

  private final @Nullable Route route;
  private final @Nullable UriTemplatePathSpec template;
  private final String handlerLabel;
  private final BooleanSupplier ready;
  private final int maxFormBytes;
  private final Histogram duration;
  private final Counter requests;

  /** @param route the route, or null for the handler of every unknown path */
  RouteHandler(
      @Nullable Route route, @Nullable PathSpec spec, BooleanSupplier ready, int maxFormBytes, Histogram duration, Counter requests) {
    this.route = route;
    this.template = spec instanceof UriTemplatePathSpec t ? t : null;
    this.handlerLabel = route == null ? NOT_FOUND_HANDLER : route.path();
    this.ready = ready;
    this.maxFormBytes = maxFormBytes;
    this.duration = duration;
    this.requests = requests;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    // The full path: inside PathMappingsHandler, getPathInContext is relative to the match.
    String path = request.getHttpURI().getDecodedPath();
    Map<String, String> pathParams = template == null ? null : template.getPathParams(path);
    Exchange ex = new Exchange(request, response, pathParams == null ? Map.of() : pathParams, maxFormBytes);
    ApiErrors.Style style = route != null ? route.errorStyle() : path.startsWith("/api/") ? ApiErrors.Style.JSON : ApiErrors.Style.TEXT;
    try {
      serve(ex, request, response);
      callback.succeeded();
    } catch (Exception e) {
      fail(ex, style, callback, e);
    } catch (OutOfMemoryError e) {
      // A request that needed more heap than there is: its allocations are garbage now, so answer
      // in the route's style (not Jetty's HTML error page) and keep serving. Limits on request
      // sizes are what should prevent this; ApiErrors logs it as a failure an operator must see.
      fail(ex, style, callback, e);
    } finally {
      duration.labelValues(handlerLabel).observe((System.nanoTime() - start) / 1e9);
      requests.labelValues(handlerLabel, Integer.toString(response.getStatus())).inc();
    }
    return true;
  }

  private void serve(Exchange ex, Request request, Response response) throws Exception {
    Route r = route;
    if (r == null) {
      throw ApiException.notFound(
          request.getHttpURI().getPath().startsWith("/api/") ? "unknown API endpoint " + ex.path() : "404 page not found");
    }
    if (!r.allows(request.getMethod())) {
      TreeSet<String> allowed = new TreeSet<>(r.methods());
      response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
      throw new ApiException(405, ErrorType.BAD_DATA, "Only " + String.join(" or ", allowed) + " requests allowed");
    }
    if (r.requiresReady() && !ready.getAsBoolean()) {
      throw ApiException.unavailable("Service Unavailable");
    }
    r.endpoint().handle(ex);
    if (!ex.hasResponded()) {
      throw new IllegalStateException("BUG: " + r.path() + " did not answer");
    }
  }

  private static void fail(Exchange ex, ApiErrors.Style style, Callback callback, Throwable failure) {
    if (ex.hasResponded()) {
      // The answer has started: too late to report; abort it so the client sees a broken response.
      log.atDebug().addKeyValue("path", ex.path()).setCause(failure).log("request failed after the response started");
      callback.failed(failure);
      return;
    }
    try {
      ApiErrors.respond(ex, style, failure);
      callback.succeeded();
    } catch (Exception e) {
      e.addSuppressed(failure);
      callback.failed(e);
    }
  }
}
