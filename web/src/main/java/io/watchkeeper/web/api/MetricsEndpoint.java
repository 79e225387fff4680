package io.watchkeeper.web.api;

import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code /metrics}: our own metrics from the {@link PrometheusRegistry} the server passes in, in
 * the format the scraper's {@code Accept} header asks for (Prometheus text or OpenMetrics, by
 * client_java's negotiation; text where protobuf is preferred); {@code name[]} restricts the
 * answer to those metric names.
 * Thread-safe.
 */
final class MetricsEndpoint {
  private final PrometheusRegistry registry;
  // Explicit properties: init() without them reads global system properties and files.
  private final ExpositionFormats formats =
      ExpositionFormats.init(PrometheusProperties.builder().exporterProperties(ExporterProperties.builder().build()).build());

  MetricsEndpoint(PrometheusRegistry registry) {
    this.registry = registry;
  }

  void metrics(Exchange ex) throws ApiException, IOException {
    String accept = ex.header(HttpHeader.ACCEPT.asString());
    ExpositionFormatWriter writer = formats.findWriter(accept == null ? "" : accept);
    if (!writer.isAvailable()) {
      // The protobuf format needs client_java's shaded protobuf, which we do not ship.
      writer = formats.getPrometheusTextFormatWriter();
    }
    ExpositionFormatWriter chosen = writer;
    List<String> names = ex.params("name[]");
    MetricSnapshots snapshots = names.isEmpty() ? registry.scrape() : registry.scrape(names::contains);
    ex.respond(200, chosen.getContentType(), out -> chosen.write(out, snapshots));
  }
}
