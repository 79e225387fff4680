package io.watchkeeper.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.model.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Notifications and JSON reading for the channels' payload tests. */
public final class ChannelFixtures {
  public static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  private ChannelFixtures() {}

  /** An alert of {@code ApiDown} on {@code instance} with a summary and runbook. */
  public static NotifiedAlert alert(boolean resolved, String severity, String instance) {
    return new NotifiedAlert(resolved, Labels.of("alertname", "ApiDown", "instance", instance, "severity", severity),
        Labels.of("summary", "API <down> on " + instance, "runbook_url", "https://runbooks.example.com/api-down"), T0,
        resolved ? T0.plusSeconds(60) : TrackedAlert.ZERO_TIME, "http://wk:9095/graph?g0.expr=up", instance.hashCode());
  }

  /** A notification of the {@code ApiDown} group to receiver {@code oncall}. */
  public static Notification notification(NotifiedAlert... alerts) {
    return new Notification("oncall", "{}/{severity=\"critical\"}:{alertname=\"ApiDown\"}", Labels.of("alertname", "ApiDown"),
        List.of(alerts), "http://wk:9095");
  }

  /** The body of the stub's last request, as JSON. */
  public static JsonNode lastBody(HttpStub stub) {
    try {
      return new ObjectMapper().readTree(stub.requests.get(stub.requests.size() - 1).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
