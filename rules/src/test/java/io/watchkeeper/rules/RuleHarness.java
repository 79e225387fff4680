package io.watchkeeper.rules;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryValue;
import io.watchkeeper.query.Vector;
import io.watchkeeper.query.engine.PromqlEngine;
import io.watchkeeper.query.engine.QueryEngineOptions;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule manager over in-memory storage, the real PromQL engine and a manual scheduler, with helpers
 * to write input samples and read what rules wrote. One per test.
 */
final class RuleHarness implements AutoCloseable {
  final InMemoryStorage storage;
  final PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withParallelism(1));
  final ManualScheduler scheduler;
  final RecordingAlertSink sink = new RecordingAlertSink();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final RuleManager manager;

  RuleHarness(Instant start) {
    this(start, new InMemoryStorage(), o -> o);
  }

  RuleHarness(Instant start, InMemoryStorage storage, java.util.function.UnaryOperator<RuleManagerOptions> tweak) {
    this.storage = storage;
    this.scheduler = new ManualScheduler(start);
    QueryFunction query = (expr, t) -> engine.instantQuery(storage, expr, t).value();
    RuleManagerOptions options = RuleManagerOptions.of(query, storage, storage, sink, registry)
        .withScheduler(scheduler);
    this.manager = new RuleManager(tweak.apply(options));
  }

  /** Appends one sample per (labels, time, value) and commits. */
  void write(Labels labels, long tMillis, double v) {
    Appender a = storage.appender();
    try {
      a.append(0, labels, tMillis, v);
    } catch (AppendException e) {
      throw new IllegalStateException("BUG: test sample rejected: " + e.getMessage(), e);
    }
    a.commit();
  }

  /** Writes {@code values} at {@code start, start + step, ...}. */
  void writeSeries(Labels labels, long startMillis, long stepMillis, double... values) {
    for (int i = 0; i < values.length; i++) {
      write(labels, startMillis + i * stepMillis, values[i]);
    }
  }

  /** The samples of an instant query. */
  List<Sample> query(String expr, long tMillis) throws QueryException {
    QueryValue v = engine.instantQuery(storage, expr, tMillis).value();
    return ((Vector) v).samples();
  }

  /** Every raw sample of series matching the metric name, as (labels, t, value) with stale markers kept. */
  List<Sample> raw(String metric) {
    List<Sample> out = new ArrayList<>();
    try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE),
          List.of(io.watchkeeper.model.Matcher.metricName(metric)));
      while (set.next()) {
        SampleIterator it = set.at().iterator(null);
        while (it.next()) {
          out.add(new Sample(set.at().labels(), it.timestamp(), it.value()));
        }
      }
    }
    return out;
  }

  static boolean isStale(Sample s) {
    return StaleMarker.isStale(s.value());
  }

  void advance(Duration d) {
    scheduler.advance(d);
  }

  @Override
  public void close() {
    manager.close();
    engine.close();
  }
}
