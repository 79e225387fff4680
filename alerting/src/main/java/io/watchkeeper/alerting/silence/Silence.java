package io.watchkeeper.alerting.silence;

import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A silence: alerts matching all its matchers are muted from {@code startsAt} until {@code
 * endsAt}. Immutable.
 *
 * @param id the silence's ID (a UUID), empty for a silence not yet created
 * @param updatedAt when it was last changed
 * @param createdBy who created it
 * @param comment why (required)
 */
public record Silence(
    String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, Instant updatedAt, String createdBy, String comment) {
  public Silence {
    Objects.requireNonNull(id, "id");
    matchers = List.copyOf(matchers);
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(comment, "comment");
  }

  /** Alertmanager's {@code CalcSilenceState}: pending before start, active before end, then expired. */
  public SilenceState state(Instant now) {
    if (now.isBefore(startsAt)) {
      return SilenceState.PENDING;
    }
    if (now.isBefore(endsAt)) {
      return SilenceState.ACTIVE;
    }
    return SilenceState.EXPIRED;
  }

  /** Whether the matchers match these labels (regardless of time). */
  public boolean matches(Labels labels) {
    return AlertMatchers.matches(matchers, labels);
  }

  Silence with(String newId, Instant start, Instant end, Instant updated) {
    return new Silence(newId, matchers, start, end, updated, createdBy, comment);
  }
}
