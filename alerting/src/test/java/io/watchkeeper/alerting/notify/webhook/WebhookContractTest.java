package io.watchkeeper.alerting.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifierContractTest;
import io.watchkeeper.model.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

class WebhookContractTest extends NotifierContractTest {
  @Override
  protected Notifier notifier(URI target, Duration timeout) {
    return new WebhookNotifier(new WebhookConfig(Secret.of(target.toString()), true, 0, Optional.empty(), Optional.empty(), timeout),
        HttpClient.newBuilder().connectTimeout(timeout).build());
  }

  @Override
  protected void assertDelivered(HttpStub.Request request, Notification sent) {
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hook");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.body()).isEqualTo(new String(WebhookPayload.encode(sent, 0), StandardCharsets.UTF_8));
  }
}
