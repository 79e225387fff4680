package io.watchkeeper.ingest.textformat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpositionFormatTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      application/openmetrics-text; version=1.0.0; charset=utf-8 | OPENMETRICS
      application/openmetrics-text;version=0.0.1                 | OPENMETRICS
      Application/OpenMetrics-Text                               | OPENMETRICS
      text/plain; version=0.0.4; charset=utf-8                   | PROMETHEUS_TEXT
      text/plain                                                 | PROMETHEUS_TEXT
      application/json                                           | PROMETHEUS_TEXT
      ''                                                         | PROMETHEUS_TEXT
      """)
  void picksTheParserFromTheContentType(String contentType, ExpositionFormat expected) {
    assertThat(ExpositionFormat.fromContentType(contentType)).isEqualTo(expected);
  }

  @Test
  void missingContentTypeMeansPrometheusText() {
    assertThat(ExpositionFormat.fromContentType(null)).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
    assertThat(ExpositionFormat.PROMETHEUS_TEXT.newParser()).isInstanceOf(PrometheusTextParser.class);
    assertThat(ExpositionFormat.OPENMETRICS.newParser(true).isStrict()).isTrue();
  }

  @Test
  void acceptHeaderPrefersOpenMetrics() {
    assertThat(ExpositionFormat.SCRAPE_ACCEPT_HEADER).startsWith("application/openmetrics-text;version=1.0.0,")
        .contains("text/plain;version=0.0.4;q=0.5");
  }
}
