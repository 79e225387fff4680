package io.watchkeeper.ingest.scrape;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what a test stored: samples per series, stale markers shown as "stale". */
final class StoredSamples {
  private StoredSamples() {}

  /** A stored sample; value {@code "stale"} for a staleness marker. */
  record Point(long t, String v) {
    static Point of(long t, double v) {
      return new Point(t, StaleMarker.isStale(v) ? "stale" : Double.toString(v));
    }
  }

  /** All samples of series matching the matchers, by series labels. */
  static Map<Labels, List<Point>> select(Queryable db, Matcher... matchers) {
    Map<Labels, List<Point>> out = new LinkedHashMap<>();
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(matchers));
      while (set.next()) {
        List<Point> points = new ArrayList<>();
        SampleIterator it = set.at().iterator(null);
        while (it.next()) {
          points.add(Point.of(it.timestamp(), it.value()));
        }
        out.put(set.at().labels(), points);
      }
    }
    return out;
  }

  /** Samples of the series of one metric name, by series labels. */
  static Map<Labels, List<Point>> metric(Queryable db, String name) {
    return select(db, Matcher.metricName(name));
  }

  /** Samples of the one series with exactly these labels. */
  static List<Point> series(Queryable db, Labels labels) {
    List<Matcher> ms = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      ms.add(Matcher.equal(labels.name(i), labels.value(i)));
    }
    for (Map.Entry<Labels, List<Point>> e : select(db, ms.toArray(new Matcher[0])).entrySet()) {
      if (e.getKey().equals(labels)) {
        return e.getValue();
      }
    }
    return List.of();
  }

  /** Number of series with any samples. */
  static int seriesCount(Queryable db) {
    return select(db, Matcher.of(MatchType.REGEX, Labels.METRIC_NAME, ".+")).size();
  }
}
