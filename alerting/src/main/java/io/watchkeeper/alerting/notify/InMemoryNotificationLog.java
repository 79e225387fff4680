package io.watchkeeper.alerting.notify;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link NotificationLog} in memory: forgets everything on restart. Thread-safe. */
public final class InMemoryNotificationLog implements NotificationLog {
  private record Key(String receiverKey, String groupKey) {}

  private final Map<Key, NflogEntry> entries = new ConcurrentHashMap<>();

  @Override
  public Optional<NflogEntry> query(String receiverKey, String groupKey) {
    return Optional.ofNullable(entries.get(new Key(receiverKey, groupKey)));
  }

  @Override
  public void log(NflogEntry entry) {
    entries.put(new Key(entry.receiverKey(), entry.groupKey()), entry);
  }

  @Override
  public int gc(Instant now) {
    int before = entries.size();
    entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
    return before - entries.size();
  }

  @Override
  public Optional<Instant> lastNotified(String receiverKey) {
    return entries.values().stream().filter(e -> e.receiverKey().equals(receiverKey)).map(NflogEntry::timestamp)
        .max(Instant::compareTo);
  }

  @Override
  public long size() {
    return entries.size();
  }
}
