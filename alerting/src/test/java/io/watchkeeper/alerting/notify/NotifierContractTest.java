package io.watchkeeper.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP channel must do, run against a real local HTTP server ({@link HttpStub}). A new
 * channel package adds {@code FooContractTest extends NotifierContractTest} implementing {@link
 * #notifier} (build the channel against the stub's URL with the given timeout) and {@link
 * #assertDelivered} (check the request it sent); everything else is inherited:
 * success on 2xx, retryable on 5xx, 429, timeouts and dropped connections, permanent on other 4xx.
 */
public abstract class NotifierContractTest {
  protected final HttpStub stub = new HttpStub();

  /** The channel under test, sending to {@code target} and giving up after {@code timeout}. */
  protected abstract Notifier notifier(URI target, Duration timeout);

  /** Checks the request the channel sent for {@code sent}. */
  protected abstract void assertDelivered(HttpStub.Request request, Notification sent);

  @AfterEach
  void stopStub() {
    stub.close();
  }

  /** A notification with one firing and one resolved alert. */
  protected static Notification sample() {
    Instant t = Instant.parse("2024-03-01T10:00:00Z");
    return new Notification("team-api", "{}:{alertname=\"HighErrorRate\"}", Labels.of("alertname", "HighErrorRate"),
        List.of(
            new NotifiedAlert(false, Labels.of("alertname", "HighErrorRate", "severity", "critical", "service", "api"),
                Labels.of("summary", "Error rate above 10%", "runbook_url", "https://runbooks.example.com/errors"), t,
                io.watchkeeper.alerting.alert.TrackedAlert.ZERO_TIME, "http://watchkeeper:9095/graph?g0.expr=x", 0x1234L),
            new NotifiedAlert(true, Labels.of("alertname", "HighErrorRate", "severity", "critical", "service", "web"),
                Labels.of("summary", "Error rate above 10%"), t, t.plusSeconds(300), "", 0x5678L)),
        "http://watchkeeper:9095");
  }

  private Notifier notifier() {
    return notifier(stub.uri("/hook"), Duration.ofSeconds(2));
  }

  @Test
  void deliversOnSuccess() throws Exception {
    notifier().notify(sample());

    assertThat(stub.requests).hasSize(1);
    assertDelivered(stub.requests.get(0), sample());
  }

  @Test
  void serverErrorIsRetryable() {
    stub.status = 500;
    assertThatThrownBy(() -> notifier().notify(sample())).isInstanceOfSatisfying(NotifyException.class,
        e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void tooManyRequestsIsRetryable() {
    stub.status = 429;
    assertThatThrownBy(() -> notifier().notify(sample())).isInstanceOfSatisfying(NotifyException.class,
        e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void clientErrorIsPermanent() {
    stub.status = 400;
    stub.responseBody = "invalid payload";
    assertThatThrownBy(() -> notifier().notify(sample())).isInstanceOfSatisfying(NotifyException.class, e -> {
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("400").doesNotContain(stub.uri("").toString());
    });
  }

  @Test
  void hangingReceiverTimesOutRetryably() {
    stub.behaviour.set(HttpStub.Behaviour.HANG);
    assertThatThrownBy(() -> notifier(stub.uri("/hook"), Duration.ofMillis(300)).notify(sample()))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void closedConnectionIsRetryable() {
    stub.behaviour.set(HttpStub.Behaviour.CLOSE_CONNECTION);
    assertThatThrownBy(() -> notifier().notify(sample())).isInstanceOfSatisfying(NotifyException.class,
        e -> assertThat(e.retryable()).isTrue());
  }
}
