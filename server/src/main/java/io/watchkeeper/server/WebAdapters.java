package io.watchkeeper.server;

import io.watchkeeper.ingest.scrape.ScrapeManager;
import io.watchkeeper.ingest.scrape.TargetMetadata;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Metadata;
import io.watchkeeper.web.api.ActiveTarget;
import io.watchkeeper.web.api.DroppedTarget;
import io.watchkeeper.web.api.MetadataRetriever;
import io.watchkeeper.web.api.TargetHealth;
import io.watchkeeper.web.api.TargetRetriever;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adapts the running components to the small interfaces the HTTP layer declares. */
final class WebAdapters {
  private WebAdapters() {}

  /** {@code /api/v1/targets} from the scrape manager. */
  static TargetRetriever targets(ScrapeManager scrape) {
    return new TargetRetriever() {
      @Override
      public List<ActiveTarget> activeTargets() {
        List<ActiveTarget> out = new ArrayList<>();
        for (io.watchkeeper.ingest.scrape.ActiveTarget t : scrape.activeTargets()) {
          out.add(new ActiveTarget(t.discoveredLabels(), t.labels(), t.scrapePool(), t.scrapeUrl(), t.globalUrl(),
              t.lastError(), t.lastScrape().orElse(null), t.lastScrapeDuration(), health(t.health()),
              t.scrapeInterval(), t.scrapeTimeout()));
        }
        return out;
      }

      @Override
      public List<DroppedTarget> droppedTargets() {
        return scrape.droppedTargets().stream()
            .map(t -> new DroppedTarget(t.discoveredLabels(), t.scrapePool()))
            .toList();
      }

      @Override
      public Map<String, Integer> droppedTargetCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String pool : scrape.scrapePools()) {
          counts.put(pool, 0);
        }
        for (io.watchkeeper.ingest.scrape.DroppedTarget t : scrape.droppedTargets()) {
          counts.merge(t.scrapePool(), 1, Integer::sum);
        }
        return counts;
      }
    };
  }

  private static TargetHealth health(io.watchkeeper.ingest.scrape.TargetHealth h) {
    return switch (h) {
      case UP -> TargetHealth.UP;
      case DOWN -> TargetHealth.DOWN;
      case UNKNOWN -> TargetHealth.UNKNOWN;
    };
  }

  /** {@code /api/v1/metadata} and {@code /api/v1/targets/metadata} from the scrape manager. */
  static MetadataRetriever metadata(ScrapeManager scrape) {
    return () -> {
      Map<Labels, Map<String, Metadata>> byTarget = new LinkedHashMap<>();
      for (TargetMetadata m : scrape.targetMetadata(List.of(), "", 0)) {
        byTarget.computeIfAbsent(m.target(), k -> new LinkedHashMap<>()).put(m.metric(), m.metadata());
      }
      List<io.watchkeeper.web.api.TargetMetadata> out = new ArrayList<>();
      byTarget.forEach((target, metrics) -> out.add(new io.watchkeeper.web.api.TargetMetadata(target, metrics)));
      return out;
    };
  }
}
