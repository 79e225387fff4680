package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.TrackedAlert;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A stage that records what it was given and passes it on (or fails when told to). Thread-safe. */
public final class CapturingStage implements Stage {
  /** One call. */
  public record Call(NotifyContext ctx, List<TrackedAlert> alerts) {}

  public final List<Call> calls = new CopyOnWriteArrayList<>();
  public final AtomicBoolean fail = new AtomicBoolean();

  @Override
  public List<TrackedAlert> exec(NotifyContext ctx, List<TrackedAlert> alerts) throws NotifyException {
    calls.add(new Call(ctx, alerts));
    if (fail.get()) {
      throw NotifyException.retryable("told to fail", null);
    }
    return alerts;
  }

  public Call last() {
    return calls.get(calls.size() - 1);
  }
}
