package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The start-up cache's training run against a real server: every request gets the answer it
 * expects and every query finds data (so a change to an endpoint or to the synthetic workload breaks
 * this test, not silently the launcher's cache).
 */
class AotTrainingTest {
  @Test
  void trainingRunPassesAgainstARealServer() throws Exception {
    int requests = AotTraining.run(2);

    // per round an instant and a range query per expression, plus the API endpoints
    assertThat(requests).isGreaterThan(2 * 2 * AotTraining.QUERIES.size());
  }

  @Test
  void syntheticTargetsSpeakBothFormats() {
    String text = AotTraining.exposition(0, 10, false);
    String openMetrics = AotTraining.exposition(1, 10, true);

    assertThat(text).contains("# TYPE http_requests_total counter").doesNotContain("# EOF");
    assertThat(openMetrics).contains("# TYPE http_requests counter", "# TYPE app_build info").endsWith("# EOF\n");
  }
}
