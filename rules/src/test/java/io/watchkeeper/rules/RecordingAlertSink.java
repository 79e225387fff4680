package io.watchkeeper.rules;

import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import java.util.ArrayList;
import java.util.List;

/** An {@link AlertSink} that keeps every batch it is sent. */
final class RecordingAlertSink implements AlertSink {
  final List<List<Alert>> batches = new ArrayList<>();
  final List<Alert> pending = new ArrayList<>();
  final List<Labels> pendingCleared = new ArrayList<>();

  @Override
  public synchronized void pending(Alert alert) {
    pending.add(alert);
  }

  @Override
  public synchronized void pendingCleared(Labels labels) {
    pendingCleared.add(labels);
  }

  @Override
  public synchronized void send(List<Alert> alerts) {
    batches.add(List.copyOf(alerts));
  }

  synchronized List<Alert> all() {
    return batches.stream().flatMap(List::stream).toList();
  }

  synchronized List<Alert> last() {
    return batches.isEmpty() ? List.of() : batches.get(batches.size() - 1);
  }

  synchronized void clear() {
    batches.clear();
    pending.clear();
    pendingCleared.clear();
  }
}
