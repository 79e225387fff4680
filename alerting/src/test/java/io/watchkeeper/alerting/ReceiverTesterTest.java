package io.watchkeeper.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.alert.ManualClock;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.InMemoryNotificationLog;
import io.watchkeeper.alerting.notify.InMemoryOutbox;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.alerting.silence.InMemorySilenceStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReceiverTesterTest {
  private final HttpStub ok = new HttpStub();
  private final HttpStub broken = new HttpStub();
  private final ManualClock clock = new ManualClock(Instant.parse("2024-03-04T10:00:00Z"));

  @AfterEach
  void stop() {
    ok.close();
    broken.close();
  }

  @Test
  void sendsATestAlertToEveryIntegrationAndReportsEach() {
    broken.status = 500;
    NotificationsConfig config = NotificationsConfig.of(RouteConfig.root("team"), ReceiverConfig.of("team",
        WebhookConfig.of(ok.uri("/a").toString()), WebhookConfig.of(broken.uri("/b").toString())));
    try (NotificationManager m = new NotificationManager(config, new NotificationManager.Stores(new InMemorySilenceStore(),
        new InMemoryNotificationLog(), new InMemoryOutbox()), clock, new PrometheusRegistry(), NotificationOptions.defaults("http://wk"),
        new NotifierFactory())) {
      ReceiverTester tester = new ReceiverTester(m, clock);

      var results = tester.test("team").orElseThrow();

      assertThat(results).extracting(ReceiverTester.Result::integration).containsExactly("team/webhook/0", "team/webhook/1");
      assertThat(results.get(0).delivered()).isTrue();
      assertThat(results.get(1).delivered()).isFalse();
      assertThat(results.get(1).retryable()).isTrue();
      assertThat(results.get(1).error()).contains("500");
      assertThat(ok.requests.get(0).body()).contains("WatchkeeperTestNotification").contains("\"severity\":\"info\"");
      assertThat(tester.test("nobody")).isEmpty();
    }
  }
}
