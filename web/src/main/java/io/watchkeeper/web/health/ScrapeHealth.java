package io.watchkeeper.web.health;

import java.util.List;

/** How the scrapes go: targets up and down. Thread-safe. */
@FunctionalInterface
public interface ScrapeHealth {
  /**
   * The scrape targets' health.
   *
   * @param total every active target, including those not scraped yet (neither up nor down)
   * @param down {@code job/instance} of the targets whose last scrape failed
   */
  record Targets(int up, int total, List<String> down) {
    public Targets {
      down = List.copyOf(down);
      if (up < 0 || total < up + down.size()) {
        throw new IllegalArgumentException("BUG: up " + up + " of " + total + " targets");
      }
    }
  }

  /** The current state of every active target. */
  Targets targets();
}
