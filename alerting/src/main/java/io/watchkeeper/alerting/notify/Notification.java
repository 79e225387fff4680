package io.watchkeeper.alerting.notify;

import io.watchkeeper.model.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What one integration is asked to send for one group flush: Alertmanager's template data ({@code
 * template.Data}) plus the group key. Stored in the {@link Outbox} as it is, so a notification sent
 * after a restart says what it said when it was made. Immutable.
 *
 * @param receiver the receiver's name
 * @param groupKey the group's key
 * @param groupLabels the labels the group was formed by
 * @param alerts the alerts, firing and resolved, in Alertmanager's order
 * @param externalUrl the URL users reach Watchkeeper at (links back)
 */
public record Notification(String receiver, String groupKey, Labels groupLabels, List<NotifiedAlert> alerts, String externalUrl) {
  public Notification {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(groupLabels, "groupLabels");
    Objects.requireNonNull(externalUrl, "externalUrl");
    alerts = List.copyOf(alerts);
  }

  /** {@code firing} if any alert fires, else {@code resolved}. */
  public String status() {
    for (NotifiedAlert a : alerts) {
      if (!a.resolved()) {
        return "firing";
      }
    }
    return "resolved";
  }

  /**
   * The group key's SHA-256 in hex, as Alertmanager's {@code Key.Hash()}: PagerDuty's {@code
   * dedup_key} and Opsgenie's {@code alias}, stable across flushes and restarts.
   */
  public String groupKeyHash() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(groupKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("BUG: the JDK has no SHA-256", e);
    }
  }

  /** The labels every alert has with the same value. */
  public Labels commonLabels() {
    return common(true);
  }

  /** The annotations every alert has with the same value. */
  public Labels commonAnnotations() {
    return common(false);
  }

  private Labels common(boolean labels) {
    if (alerts.isEmpty()) {
      return Labels.EMPTY;
    }
    Labels first = labels ? alerts.get(0).labels() : alerts.get(0).annotations();
    Labels.Builder b = first.toBuilder();
    for (int i = 1; i < alerts.size(); i++) {
      Labels other = labels ? alerts.get(i).labels() : alerts.get(i).annotations();
      for (int j = 0; j < first.size(); j++) {
        if (!other.get(first.name(j)).equals(first.value(j))) {
          b.delete(first.name(j));
        }
      }
    }
    return b.build();
  }
}
