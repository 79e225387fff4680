package io.watchkeeper.storage.tsdb;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Helpers shared by the TSDB tests. */
final class TsdbTestSupport {
  private TsdbTestSupport() {}

  static Labels series(int i) {
    return Labels.of("__name__", "test_metric", "job", "job" + (i % 3), "instance", "host-" + i);
  }

  /** A deterministic value for series i at time t, mixing integers, decimals and NaN-free floats. */
  static double value(int i, long t) {
    return switch (i % 4) {
      case 0 -> t / 1000;
      case 1 -> (t / 1000) * 0.25 + i;
      case 2 -> Math.sin(t + i);
      default -> 1e6 + (t % 7);
    };
  }

  static void appendRange(Storage db, int seriesCount, long from, long to, long step) throws AppendException {
    for (long t = from; t < to; t += step) {
      Appender app = db.appender();
      for (int i = 0; i < seriesCount; i++) {
        app.append(0, series(i), t, value(i, t));
      }
      app.commit();
    }
  }

  /** All samples of every test series in [mint, maxt], by labels, as "t=v" strings. */
  static Map<Labels, List<String>> readAll(Storage db, long mint, long maxt) {
    Map<Labels, List<String>> out = new LinkedHashMap<>();
    try (Querier q = db.querier(mint, maxt)) {
      SeriesSet set = q.select(true, SelectHints.range(mint, maxt), List.of(Matcher.of(MatchType.REGEX, "__name__", ".+")));
      while (set.next()) {
        Series s = set.at();
        List<String> samples = new ArrayList<>();
        SampleIterator it = s.iterator(null);
        long prev = Long.MIN_VALUE;
        while (it.next()) {
          if (it.timestamp() <= prev) {
            throw new AssertionError("timestamps not increasing in " + s.labels() + ": " + prev + " then " + it.timestamp());
          }
          prev = it.timestamp();
          samples.add(it.timestamp() + "=" + Double.doubleToRawLongBits(it.value()));
        }
        if (out.put(s.labels(), samples) != null) {
          throw new AssertionError("series returned twice: " + s.labels());
        }
      }
    }
    return out;
  }

  static Map<Labels, List<String>> expected(int seriesCount, long from, long to, long step) {
    Map<Labels, List<String>> out = new java.util.TreeMap<>();
    for (int i = 0; i < seriesCount; i++) {
      List<String> l = new ArrayList<>();
      for (long t = from; t < to; t += step) {
        l.add(t + "=" + Double.doubleToRawLongBits(value(i, t)));
      }
      out.put(series(i), l);
    }
    return new LinkedHashMap<>(out);
  }

  static void copyDir(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path dst = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dst);
        } else if (!p.getFileName().toString().equals("lock")) {
          Files.copy(p, dst);
        }
      }
    }
  }

  static double counter(PrometheusRegistry r, String name) {
    for (MetricSnapshot m : r.scrape()) {
      if (m.getMetadata().getPrometheusName().equals(name.replaceAll("_total$", ""))
          && m instanceof CounterSnapshot c) {
        return c.getDataPoints().stream().mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
      }
    }
    throw new AssertionError("no counter " + name);
  }

  static double gauge(PrometheusRegistry r, String name) {
    for (MetricSnapshot m : r.scrape()) {
      if (m.getMetadata().getPrometheusName().equals(name)
          && m instanceof io.prometheus.metrics.model.snapshots.GaugeSnapshot g) {
        return g.getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no gauge " + name);
  }
}
