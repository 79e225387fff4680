package io.watchkeeper.ingest.textformat;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The text exposition formats we read, and how a scrape picks one from the response's {@code
 * Content-Type} the way Prometheus does: {@code application/openmetrics-text} selects OpenMetrics,
 * anything else (including a missing or malformed header) the Prometheus text format 0.0.4.
 */
public enum ExpositionFormat {
  /** The Prometheus text format 0.0.4. */
  PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
  /** OpenMetrics 1.0 text. */
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

  /**
   * The {@code Accept} header of a scrape, as Prometheus 2.42 sends it: OpenMetrics preferred, the
   * 0.0.4 text format as fallback, anything else last.
   */
  public static final String SCRAPE_ACCEPT_HEADER =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
          + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The canonical content type of this format. */
  public String contentType() {
    return contentType;
  }

  /** The format a response with this {@code Content-Type} is in (null or empty: text 0.0.4). */
  public static ExpositionFormat fromContentType(@Nullable String contentType) {
    if (contentType == null) {
      return PROMETHEUS_TEXT;
    }
    int semi = contentType.indexOf(';');
    String mediaType = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/openmetrics-text") ? OPENMETRICS : PROMETHEUS_TEXT;
  }

  /** A new lenient parser (accepts what Prometheus accepts) for this format. */
  public Parser newParser() {
    return newParser(false);
  }

  /**
   * A new parser for this format.
   *
   * @param strict whether to also enforce the family-level rules of the specification (metadata
   *     order, histogram buckets, counter values, grouping ...), as the reference parsers do;
   *     Prometheus itself does not, so scrapes use the lenient mode
   */
  public Parser newParser(boolean strict) {
    return switch (this) {
      case PROMETHEUS_TEXT -> new PrometheusTextParser(strict);
      case OPENMETRICS -> new OpenMetricsParser(strict);
    };
  }
}
