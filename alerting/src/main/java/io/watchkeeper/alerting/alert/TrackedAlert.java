package io.watchkeeper.alerting.alert;

import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An alert as alerting keeps it (Alertmanager's {@code types.Alert}): the {@link Alert} itself, when
 * it was last updated, and whether its {@code endsAt} was filled in from the resolve timeout
 * rather than sent by its source. Immutable.
 *
 * @param alert labels, annotations, startsAt, endsAt and generator URL
 * @param updatedAt when alerting last received it: the authoritative timestamp when merging
 * @param timeout whether {@code endsAt} is now + resolve_timeout because the source sent none
 */
public record TrackedAlert(Alert alert, Instant updatedAt, boolean timeout) {
  /** Go's zero time, which Alertmanager writes as the {@code endsAt} of firing alerts. */
  public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /**
   * The order of alerts in a notification, as Alertmanager's {@code AlertSlice} sorts them: by
   * {@code job}, then {@code instance} (alerts without the label last), then by label set (fewer
   * labels first, then label by label).
   */
  public static final Comparator<TrackedAlert> NOTIFICATION_ORDER = TrackedAlert::compareForNotification;

  public TrackedAlert {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Labels labels() {
    return alert.labels();
  }

  public Labels annotations() {
    return alert.annotations();
  }

  public Instant startsAt() {
    return alert.startsAt();
  }

  public Instant endsAt() {
    return alert.endsAt();
  }

  /** The fingerprint of the labels; see {@link Fingerprint}. */
  public long fingerprint() {
    return Fingerprint.of(alert.labels());
  }

  /** The {@code alertname} label. */
  public String name() {
    return alert.name();
  }

  /** Whether the alert has ended at {@code now}: an {@code endsAt} that is set and not after it. */
  public boolean isResolvedAt(Instant now) {
    return !alert.endsAt().equals(ZERO_TIME) && !alert.endsAt().isAfter(now);
  }

  /** This alert with another {@code endsAt}. */
  public TrackedAlert withEndsAt(Instant endsAt) {
    Alert a = alert;
    return new TrackedAlert(new Alert(a.labels(), a.annotations(), a.startsAt(), endsAt, a.generatorUrl()), updatedAt, timeout);
  }

  /**
   * Merges a re-sent alert with the same labels as Alertmanager's {@code Alert.Merge} does: the
   * younger one (by {@code updatedAt}) wins, but the earliest {@code startsAt} is kept; if the
   * younger one is resolved, the later explicit resolution wins when both are resolved; if it is
   * firing, an older {@code endsAt} that is later and was not a timeout wins.
   *
   * @param now the time against which "resolved" is judged
   */
  public TrackedAlert merge(TrackedAlert other, Instant now) {
    if (other.updatedAt.isBefore(updatedAt)) {
      return other.merge(this, now);
    }
    // "other" is the younger.
    Instant starts = startsAt().isBefore(other.startsAt()) ? startsAt() : other.startsAt();
    Instant ends = other.endsAt();
    if (other.isResolvedAt(now)) {
      if (isResolvedAt(now) && endsAt().isAfter(other.endsAt())) {
        ends = endsAt();
      }
    } else if (endsAt().isAfter(other.endsAt()) && !timeout) {
      ends = endsAt();
    }
    Alert o = other.alert;
    return new TrackedAlert(new Alert(o.labels(), o.annotations(), starts, ends, o.generatorUrl()), other.updatedAt, other.timeout);
  }

  private static int compareForNotification(TrackedAlert a, TrackedAlert b) {
    for (String key : new String[] {"job", "instance"}) {
      boolean ha = a.labels().has(key);
      boolean hb = b.labels().has(key);
      if (!ha && !hb) {
        continue;
      }
      if (!ha) {
        return 1;
      }
      if (!hb) {
        return -1;
      }
      int c = a.labels().get(key).compareTo(b.labels().get(key));
      if (c != 0) {
        return c;
      }
    }
    return compareLabelSets(a.labels(), b.labels());
  }

  /** Go's {@code LabelSet.Before} as a comparator. */
  static int compareLabelSets(Labels x, Labels y) {
    if (x.size() != y.size()) {
      return Integer.compare(x.size(), y.size());
    }
    TreeSet<String> names = new TreeSet<>();
    for (int i = 0; i < x.size(); i++) {
      names.add(x.name(i));
      names.add(y.name(i));
    }
    for (String n : names) {
      if (!x.has(n)) {
        return -1;
      }
      if (!y.has(n)) {
        return 1;
      }
      int c = x.get(n).compareTo(y.get(n));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
