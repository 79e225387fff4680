package io.watchkeeper.web.api;

import io.watchkeeper.model.Matcher;
import io.watchkeeper.query.ParseException;
import java.util.List;

/**
 * Parses a PromQL series selector ({@code up}, {@code {job="api"}}, {@code
 * http_requests_total{code=~"5.."}}) into its matchers, the metric name becoming a {@code
 * __name__} matcher: what the API needs for {@code match[]} and {@code match_target}. The server
 * passes the PromQL parser's {@code parseMetricSelector}. Must be thread-safe.
 */
@FunctionalInterface
public interface SelectorParser {
  /**
   * The matchers of {@code selector}.
   *
   * @throws ParseException if it is not a valid selector; the message gives the position
   */
  List<Matcher> parseMetricSelector(String selector) throws ParseException;
}
