package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.Muter;
import io.watchkeeper.alerting.alert.TrackedAlert;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops the alerts a {@link Muter} mutes (inhibition, silences). Thread-safe if the muter is.
 */
public record MuteStage(Muter muter) implements Stage {
  @Override
  public List<TrackedAlert> exec(NotifyContext ctx, List<TrackedAlert> alerts) {
    List<TrackedAlert> kept = new ArrayList<>(alerts.size());
    for (TrackedAlert a : alerts) {
      if (!muter.mutes(a.labels(), ctx.now())) {
        kept.add(a);
      }
    }
    return kept;
  }
}
