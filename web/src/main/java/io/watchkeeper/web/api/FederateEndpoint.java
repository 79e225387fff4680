package io.watchkeeper.web.api;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.Sample;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.ParseException;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code /federate}: the latest sample, within the lookback delta, of every series matching any
 * {@code match[]}, in text format 0.0.4 with a {@code # TYPE name untyped} line per metric family,
 * as Prometheus federates. Stale series are left out (the format cannot carry the marker); the
 * external labels are added to series that lack them, {@code instance=""} always, so that the
 * scraping server does not put its own {@code instance} on federated series. Thread-safe.
 */
final class FederateEndpoint {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Queryable queryable;
  private final SelectorParser selectorParser;
  private final Clock clock;
  private final long lookbackMillis;
  private final Supplier<Labels> externalLabels;

  FederateEndpoint(
      Queryable queryable, SelectorParser selectorParser, Clock clock, long lookbackMillis, Supplier<Labels> externalLabels) {
    this.queryable = queryable;
    this.selectorParser = selectorParser;
    this.clock = clock;
    this.lookbackMillis = lookbackMillis;
    this.externalLabels = externalLabels;
  }

  void federate(Exchange ex) throws ApiException, IOException {
    List<List<Matcher>> sets = new ArrayList<>();
    for (String selector : ex.params("match[]")) {
      List<Matcher> set;
      try {
        set = selectorParser.parseMetricSelector(selector);
      } catch (ParseException e) {
        throw ApiException.badDataCausedBy(e.getMessage(), e);
      }
      if (set.stream().allMatch(Matcher::matchesEmpty)) {
        throw ApiException.badData("match[] must contain at least one non-empty matcher");
      }
      sets.add(set);
    }
    long maxt = clock.millis();
    long mint = maxt - lookbackMillis;
    List<Sample> latest = new ArrayList<>();
    try (Querier querier = queryable.querier(mint, maxt)) {
      Set<Labels> seen = new HashSet<>();
      SampleIterator reuse = null;
      for (List<Matcher> set : sets) {
        SeriesSet ss = querier.select(true, SelectHints.range(mint, maxt), set);
        while (ss.next()) {
          Series s = ss.at();
          if (!seen.add(s.labels())) {
            continue;
          }
          reuse = s.iterator(reuse);
          Sample last = lastSample(s.labels(), reuse, maxt);
          if (last != null && !StaleMarker.isStale(last.value()) && !s.labels().metricName().isEmpty()) {
            latest.add(last);
          }
        }
      }
    }
    latest.sort(Comparator.comparing((Sample s) -> s.labels().metricName()).thenComparing(Sample::labels));
    List<String[]> external = externalPairs();
    ex.respond(
        200,
        CONTENT_TYPE,
        out -> {
          Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 32 * 1024);
          writeText(w, latest, external);
          w.flush();
        });
  }

  private static @Nullable Sample lastSample(Labels labels, SampleIterator it, long maxt) {
    long t = 0;
    double v = 0;
    boolean found = false;
    boolean histogram = false;
    while (it.next() && it.timestamp() <= maxt) {
      t = it.timestamp();
      histogram = it.isHistogram();
      v = histogram ? 0 : it.value();
      found = true;
    }
    // The text format has no native histograms (Prometheus federates them in protobuf only).
    return found && !histogram ? new Sample(labels, t, v) : null;
  }

  /** The external labels, sorted, with {@code instance=""} unless one is configured. */
  private List<String[]> externalPairs() {
    Labels ext = externalLabels.get();
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < ext.size(); i++) {
      pairs.add(new String[] {ext.name(i), ext.value(i)});
    }
    if (!ext.has("instance")) {
      pairs.add(new String[] {"instance", ""});
      pairs.sort(Comparator.comparing((String[] p) -> p[0]));
    }
    return pairs;
  }

  private static void writeText(Writer w, List<Sample> samples, List<String[]> external) throws IOException {
    String family = null;
    StringBuilder line = new StringBuilder(256);
    for (Sample s : samples) {
      Labels labels = s.labels();
      String name = labels.metricName();
      if (!name.equals(family)) {
        w.write("# TYPE " + name + " untyped\n");
        family = name;
      }
      line.setLength(0);
      line.append(name).append('{');
      boolean first = true;
      for (int i = 0; i < labels.size(); i++) {
        if (!labels.name(i).equals(Labels.METRIC_NAME)) {
          first = appendLabel(line, first, labels.name(i), labels.value(i));
        }
      }
      for (String[] p : external) {
        if (!labels.has(p[0])) {
          first = appendLabel(line, first, p[0], p[1]);
        }
      }
      line.append("} ").append(FloatFormat.exposition(s.value())).append(' ').append(s.timestamp()).append('\n');
      w.append(line);
    }
  }

  private static boolean appendLabel(StringBuilder line, boolean first, String name, String value) {
    if (!first) {
      line.append(',');
    }
    line.append(name).append('=');
    Labels.quote(line, value);
    return false;
  }
}
