package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.Muter;
import io.watchkeeper.alerting.timeinterval.TimeIntervals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the notification pipeline (Alertmanager {@code notify.PipelineBuilder}): a {@link
 * RoutingStage} by receiver, each receiver running inhibition → time intervals → silences → a
 * {@link FanoutStage} over its integrations, each integration dedup → retry (outbox) → record (on
 * delivery). Stateless.
 */
public final class PipelineBuilder {
  private PipelineBuilder() {}

  /**
   * @param receivers each receiver's integrations
   * @param inhibitor mutes inhibited alerts
   * @param intervals the named time intervals routes refer to
   * @param silencer mutes silenced alerts
   * @param externalUrl the URL notifications link back to
   */
  public static Stage build(Map<String, List<Integration>> receivers, Muter inhibitor, TimeIntervals intervals, Muter silencer,
      NotificationLog nflog, Deliverer deliverer, String externalUrl) {
    Map<String, Stage> byReceiver = new HashMap<>();
    receivers.forEach((name, integrations) -> {
      List<Stage> fanout = new ArrayList<>();
      for (Integration in : integrations) {
        fanout.add(MultiStage.of(new DedupStage(in, nflog), new RetryStage(in, deliverer, nflog, externalUrl)));
      }
      byReceiver.put(name, MultiStage.of(new MuteStage(inhibitor), new TimeMuteStage(intervals), new MuteStage(silencer),
          new FanoutStage(fanout)));
    });
    return new RoutingStage(byReceiver);
  }
}
