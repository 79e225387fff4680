package io.watchkeeper.alerting.notify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** A notifier that records what it is asked to send and fails when told to. Thread-safe. */
public final class CapturingNotifier implements Notifier {
  public final List<Notification> sent = new CopyOnWriteArrayList<>();
  public final AtomicReference<@Nullable NotifyException> failWith = new AtomicReference<>();

  @Override
  public void notify(Notification notification) throws NotifyException {
    NotifyException f = failWith.get();
    if (f != null) {
      throw f;
    }
    sent.add(notification);
  }
}
