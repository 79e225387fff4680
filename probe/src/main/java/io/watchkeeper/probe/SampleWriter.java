package io.watchkeeper.probe;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one check's samples in one batch, with the monitor's labels added, and marks stale the
 * series the previous check wrote but this one did not (a status code after a connection failure),
 * as a scrape would. Rejected samples are counted and summarised in one debug line per batch.
 * Thread-safe: stateless; callers keep the series sets.
 */
final class SampleWriter {
  private static final Logger log = LoggerFactory.getLogger(SampleWriter.class);

  private final Appendable appendable;
  private final ProbeMetrics metrics;

  SampleWriter(Appendable appendable, ProbeMetrics metrics) {
    this.appendable = appendable;
    this.metrics = metrics;
  }

  /**
   * Appends {@code samples} at {@code t} (epoch millis) under {@code base} labels, and stale
   * markers for series of {@code previous} not written now.
   *
   * @return the series written now
   */
  Set<Labels> write(Labels base, long t, List<ProbeSamples.Sample> samples, Set<Labels> previous) {
    Set<Labels> written = new HashSet<>();
    Appender app = appendable.appender();
    int rejected = 0;
    String firstReason = "";
    Labels.Builder b = Labels.builder();
    for (ProbeSamples.Sample s : samples) {
      b.reset(base).set(Labels.METRIC_NAME, s.name());
      for (int i = 0; i < s.labels().size(); i += 2) {
        b.set(s.labels().get(i), s.labels().get(i + 1));
      }
      Labels l = b.build();
      if (!written.add(l)) {
        continue; // a prober wrote the same series twice: the first value stands
      }
      try {
        app.append(0, l, t, s.value());
      } catch (AppendException e) {
        rejected++;
        firstReason = firstReason.isEmpty() ? e.getMessage() : firstReason;
      }
    }
    for (Labels gone : previous) {
      if (!written.contains(gone)) {
        try {
          app.append(0, gone, t, StaleMarker.STALE_NAN);
        } catch (AppendException e) {
          rejected++;
          firstReason = firstReason.isEmpty() ? e.getMessage() : firstReason;
        }
      }
    }
    app.commit();
    if (rejected > 0) {
      metrics.appendFailures.inc(rejected);
      log.atDebug().addKeyValue("component", "probe").addKeyValue("monitor", base.get(MonitorConfig.MONITOR_LABEL))
          .addKeyValue("rejected", rejected).addKeyValue("reason", firstReason).log("storage rejected probe samples");
    }
    return written;
  }

  /** Marks every series of {@code series} stale at {@code t}. */
  void markStale(Set<Labels> series, long t) {
    if (series.isEmpty()) {
      return;
    }
    Appender app = appendable.appender();
    int rejected = 0;
    for (Labels l : series) {
      try {
        app.append(0, l, t, StaleMarker.STALE_NAN);
      } catch (AppendException e) {
        rejected++;
      }
    }
    app.commit();
    if (rejected > 0) {
      metrics.appendFailures.inc(rejected);
    }
  }
}
