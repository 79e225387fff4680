package io.watchkeeper.server;

import io.watchkeeper.ingest.scrape.ActiveTarget;
import io.watchkeeper.ingest.scrape.ScrapeManager;
import io.watchkeeper.ingest.scrape.TargetHealth;
import io.watchkeeper.web.health.ScrapeHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Watchkeeper's own checks for {@code /api/health}: the data directory is writable; scrape health. */
final class HealthSources {
  private HealthSources() {}

  /** Writes, syncs and deletes a small file in the data directory. */
  static void checkWritable(Path dataDir) throws IOException {
    Path probe = Files.createTempFile(dataDir, ".health-", ".tmp");
    try {
      Files.writeString(probe, "ok");
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /** Targets up and down, with the scrape URLs of those down. */
  static ScrapeHealth.Targets scrapeTargets(ScrapeManager scrape) {
    int up = 0;
    int total = 0;
    List<String> down = new ArrayList<>();
    for (ActiveTarget t : scrape.activeTargets()) {
      total++;
      if (t.health() == TargetHealth.UP) {
        up++;
      } else if (t.health() == TargetHealth.DOWN) {
        down.add(t.scrapeUrl());
      }
    }
    return new ScrapeHealth.Targets(up, total, down);
  }
}
