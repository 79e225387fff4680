package io.watchkeeper.alerting.silence;

import io.watchkeeper.alerting.alert.AlertMarker;
import io.watchkeeper.alerting.alert.AlertingMetrics;
import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.Muter;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The silences, with Alertmanager's rules for creating, updating and expiring them ({@code
 * silence.Silences}), written through to a {@link SilenceStore}:
 *
 * <ul>
 *   <li>{@link #set} with an empty ID creates a silence with a new ID; with an existing ID it
 *       updates it in place when only allowed fields change (same matchers; an active silence keeps
 *       its start and does not end in the past; a pending one does not start in the past), else
 *       the old one is expired and a new one with a new ID replaces it; a start in the past becomes
 *       now;
 *   <li>{@link #expire} ends an active silence now, and a pending one before it started;
 *   <li>expired silences stay as history for the retention, then are deleted by {@link #gc}.
 * </ul>
 *
 * As a {@link Muter} it mutes alerts matched by an active silence and records the silences in the
 * {@link AlertMarker}. Thread-safe: one lock guards the map and the store writes.
 */
public final class Silences implements Muter {
  private final SilenceStore store;
  private final InstantSource clock;
  private final AlertMarker marker;
  private final AlertingMetrics metrics;
  private final Duration retention;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Silence> byId = new LinkedHashMap<>(); // guarded by lock

  private Silences(SilenceStore store, InstantSource clock, AlertMarker marker, Duration retention, AlertingMetrics metrics) {
    this.store = store;
    this.clock = clock;
    this.marker = marker;
    this.retention = retention;
    this.metrics = metrics;
  }

  /**
   * Loads the stored silences.
   *
   * @param retention how long expired silences are kept as history
   */
  public static Silences load(SilenceStore store, InstantSource clock, AlertMarker marker, Duration retention, AlertingMetrics metrics) {
    Silences s = new Silences(store, clock, marker, retention, metrics);
    for (Silence sil : store.loadAll()) {
      s.byId.put(sil.id(), sil);
    }
    s.updateMetrics();
    return s;
  }

  /**
   * Creates or updates a silence; returns its ID (new unless updated in place).
   *
   * @throws IllegalArgumentException if the silence is invalid, with Alertmanager's message
   * @throws SilenceNotFoundException if an ID is given that is not known
   */
  public String set(Silence draft) throws SilenceNotFoundException {
    Instant now = clock.instant();
    validate(draft);
    lock.lock();
    try {
      Silence prev = draft.id().isEmpty() ? null : byId.get(draft.id());
      if (!draft.id().isEmpty() && prev == null) {
        throw new SilenceNotFoundException(draft.id());
      }
      if (prev != null && canUpdate(prev, draft, now)) {
        put(draft.with(prev.id(), draft.startsAt(), draft.endsAt(), now));
        return prev.id();
      }
      if (prev != null && prev.state(now) != SilenceState.EXPIRED) {
        put(expired(prev, now));
      }
      Instant start = draft.startsAt().isBefore(now) ? now : draft.startsAt();
      if (draft.endsAt().isBefore(start)) {
        throw new IllegalArgumentException("end time must not be before start time");
      }
      String id = UUID.randomUUID().toString();
      put(draft.with(id, start, draft.endsAt(), now));
      return id;
    } finally {
      lock.unlock();
    }
  }

  /** Alertmanager's {@code validateSilence}, plus the comment Watchkeeper requires. */
  static void validate(Silence s) {
    if (s.matchers().isEmpty()) {
      throw new IllegalArgumentException("at least one matcher required");
    }
    boolean allMatchEmpty = true;
    for (int i = 0; i < s.matchers().size(); i++) {
      Matcher m = s.matchers().get(i);
      if (!Labels.isValidLabelName(m.name())) {
        throw new IllegalArgumentException("invalid label matcher " + i + ": invalid label name \"" + m.name() + "\"");
      }
      allMatchEmpty &= m.matchesEmpty();
    }
    if (allMatchEmpty) {
      throw new IllegalArgumentException("at least one matcher must not match the empty string");
    }
    if (s.endsAt().isBefore(s.startsAt())) {
      throw new IllegalArgumentException("end time must not be before start time");
    }
    if (s.createdBy().isBlank()) {
      throw new IllegalArgumentException("createdBy is required");
    }
    if (s.comment().isBlank()) {
      throw new IllegalArgumentException("comment is required: say why the alerts are silenced");
    }
  }

  private static boolean canUpdate(Silence a, Silence b, Instant now) {
    if (!a.matchers().equals(b.matchers())) {
      return false;
    }
    return switch (a.state(now)) {
      case ACTIVE -> b.startsAt().equals(a.startsAt()) && !b.endsAt().isBefore(now);
      case PENDING -> !b.startsAt().isBefore(now);
      case EXPIRED -> false;
    };
  }

  /**
   * Expires a silence now.
   *
   * @throws SilenceNotFoundException if no silence has this ID
   * @throws IllegalStateException if it has already expired ({@code silence X already expired})
   */
  public void expire(String id) throws SilenceNotFoundException {
    Instant now = clock.instant();
    lock.lock();
    try {
      Silence s = byId.get(id);
      if (s == null) {
        throw new SilenceNotFoundException(id);
      }
      if (s.state(now) == SilenceState.EXPIRED) {
        throw new IllegalStateException("silence " + id + " already expired");
      }
      put(expired(s, now));
    } finally {
      lock.unlock();
    }
  }

  private static Silence expired(Silence s, Instant now) {
    return s.state(now) == SilenceState.PENDING ? s.with(s.id(), now, now, now) : s.with(s.id(), s.startsAt(), now, now);
  }

  // guarded by lock
  private void put(Silence s) {
    store.save(s);
    byId.put(s.id(), s);
    updateMetrics();
  }

  /** The silence with this ID. */
  public Optional<Silence> get(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(byId.get(id));
    } finally {
      lock.unlock();
    }
  }

  /** The silences {@code filter} accepts, most recently updated first. */
  public List<Silence> query(Predicate<Silence> filter) {
    List<Silence> out = new ArrayList<>();
    lock.lock();
    try {
      for (Silence s : byId.values()) {
        if (filter.test(s)) {
          out.add(s);
        }
      }
    } finally {
      lock.unlock();
    }
    out.sort(Comparator.comparing(Silence::updatedAt).reversed());
    return out;
  }

  /** The IDs of the silences active at {@code now} that match these labels. */
  public List<String> activeMatching(Labels labels, Instant now) {
    List<String> ids = new ArrayList<>();
    lock.lock();
    try {
      for (Silence s : byId.values()) {
        if (s.state(now) == SilenceState.ACTIVE && s.matches(labels)) {
          ids.add(s.id());
        }
      }
    } finally {
      lock.unlock();
    }
    ids.sort(null);
    return ids;
  }

  @Override
  public boolean mutes(Labels labels, Instant now) {
    List<String> ids = activeMatching(labels, now);
    marker.setSilenced(Fingerprint.of(labels), ids);
    return !ids.isEmpty();
  }

  /** Deletes silences expired for longer than the retention; returns how many. */
  public int gc() {
    Instant cutoff = clock.instant().minus(retention);
    lock.lock();
    try {
      Set<String> old = new HashSet<>();
      for (Silence s : byId.values()) {
        if (s.endsAt().isBefore(cutoff)) {
          old.add(s.id());
        }
      }
      for (String id : old) {
        store.delete(id);
        byId.remove(id);
      }
      updateMetrics();
      return old.size();
    } finally {
      lock.unlock();
    }
  }

  /** Sets {@code watchkeeper_silences{state}} for the clock's now. */
  public void updateMetrics() {
    Instant now = clock.instant();
    long[] counts = new long[SilenceState.values().length];
    lock.lock();
    try {
      for (Silence s : byId.values()) {
        counts[s.state(now).ordinal()]++;
      }
    } finally {
      lock.unlock();
    }
    for (SilenceState st : SilenceState.values()) {
      metrics.silences.labelValues(st.apiName()).set(counts[st.ordinal()]);
    }
  }
}
