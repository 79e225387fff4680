package io.watchkeeper.alerting.alert;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers why each alert is suppressed (Alertmanager {@code types.MemMarker}): the silences and
 * inhibiting alerts found the last time it was checked, so the API can show an alert's state.
 * Thread-safe: a concurrent map of immutable statuses.
 */
public final class AlertMarker {
  /** The state of one alert as the API reports it. */
  public enum State {
    UNPROCESSED("unprocessed"),
    ACTIVE("active"),
    SUPPRESSED("suppressed");

    private final String apiName;

    State(String apiName) {
      this.apiName = apiName;
    }

    /** The word Alertmanager's API uses. */
    public String apiName() {
      return apiName;
    }
  }

  /** An alert's state with the IDs of the silences and the fingerprints of the alerts muting it. */
  public record Status(State state, List<String> silencedBy, List<String> inhibitedBy) {
    public static final Status UNPROCESSED = new Status(State.UNPROCESSED, List.of(), List.of());

    public Status {
      silencedBy = List.copyOf(silencedBy);
      inhibitedBy = List.copyOf(inhibitedBy);
    }

    private static Status of(List<String> silencedBy, List<String> inhibitedBy) {
      State s = silencedBy.isEmpty() && inhibitedBy.isEmpty() ? State.ACTIVE : State.SUPPRESSED;
      return new Status(s, silencedBy, inhibitedBy);
    }
  }

  private final Map<Long, Status> statuses = new ConcurrentHashMap<>();

  /** Replaces the silences muting the alert (the complete set of active ones). */
  public void setSilenced(long fingerprint, List<String> silenceIds) {
    statuses.compute(fingerprint, (fp, old) -> Status.of(silenceIds, old == null ? List.of() : old.inhibitedBy()));
  }

  /** Replaces the alerts inhibiting the alert. */
  public void setInhibited(long fingerprint, List<String> inhibitingFingerprints) {
    statuses.compute(fingerprint, (fp, old) -> Status.of(old == null ? List.of() : old.silencedBy(), inhibitingFingerprints));
  }

  /** The alert's status; {@link Status#UNPROCESSED} if it was never checked. */
  public Status status(long fingerprint) {
    return statuses.getOrDefault(fingerprint, Status.UNPROCESSED);
  }

  /** Forgets an alert (it was garbage-collected). */
  public void delete(long fingerprint) {
    statuses.remove(fingerprint);
  }

  /** How many alerts are in {@code state}. */
  public long count(State state) {
    return statuses.values().stream().filter(s -> s.state() == state).count();
  }
}
