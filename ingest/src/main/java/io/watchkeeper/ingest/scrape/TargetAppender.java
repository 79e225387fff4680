package io.watchkeeper.ingest.scrape;

import io.watchkeeper.ingest.relabel.Relabeler;
import io.watchkeeper.ingest.textformat.Entry;
import io.watchkeeper.ingest.textformat.ExpositionFormat;
import io.watchkeeper.ingest.textformat.ParseException;
import io.watchkeeper.ingest.textformat.Parser;
import io.watchkeeper.model.Label;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Metadata;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns one target's scrape bodies into appended samples with Prometheus' semantics: the part of a
 * scrape loop after the HTTP fetch (Prometheus {@code scrapeLoop.append} and {@code report}).
 *
 * <p>Per scrape, in one storage batch: parse the body; for each sample look the raw series bytes up
 * in the {@link ScrapeCache} and append by reference, or, for a series not seen before, decode its
 * labels, add the target labels ({@code honor_labels} decides conflicts; otherwise exposed labels
 * are kept as {@code exported_<name>}), apply {@code metric_relabel_configs}, check the label
 * limits and append by labels; enforce {@code sample_limit}; write staleness markers for series of
 * the previous scrape that are gone; append the report series {@code up}, {@code
 * scrape_duration_seconds}, {@code scrape_samples_scraped}, {@code
 * scrape_samples_post_metric_relabeling} and {@code scrape_series_added}; commit.
 *
 * <p>A malformed body or an exceeded limit fails the scrape: its samples are rolled back, and as
 * after any failed scrape every series of the previous scrape gets a staleness marker and {@code
 * up} is 0. Samples the storage refuses (out of order, duplicate, out of bounds, or more than 10
 * minutes in the future) are counted in the result, never an error of the scrape. Series with an
 * explicit timestamp (when {@code honor_timestamps}) get no staleness markers.
 *
 * <p>Not thread-safe: one scrape loop calls it; {@link #metadata()} may be called from any thread.
 */
public final class TargetAppender {
  /** Samples further than this ahead of the scrape time are refused as out of bounds (Prometheus' maxAheadTime). */
  static final long MAX_AHEAD_MILLIS = 10 * 60 * 1000;

  private static final String[] REPORT_NAMES = {
    "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"
  };
  private static final AppendException.Reason[] REASONS = AppendException.Reason.values();

  /**
   * The parts of a scrape configuration that shape samples ({@code sample_limit} and the label
   * limits: 0 for no limit).
   */
  public record Options(
      boolean honorLabels,
      boolean honorTimestamps,
      Relabeler metricRelabeler,
      long sampleLimit,
      long labelLimit,
      long labelNameLengthLimit,
      long labelValueLengthLimit) {
    /** Prometheus' defaults: honor_timestamps, nothing else. */
    public static final Options DEFAULT = new Options(false, true, Relabeler.NONE, 0, 0, 0, 0);

    public Options {
      Objects.requireNonNull(metricRelabeler, "metricRelabeler");
    }

    /** The options of a scrape configuration (its metric relabelling compiled). */
    static Options of(ScrapeConfig c) {
      return new Options(c.honorLabels(), c.honorTimestamps(), Relabeler.compile(c.metricRelabelConfigs()),
          c.sampleLimit(), c.labelLimit(), c.labelNameLengthLimit(), c.labelValueLengthLimit());
    }
  }

  /** The state that survives a configuration reload that keeps the cache (Prometheus reuses it too). */
  private static final class State {
    final ScrapeCache cache = new ScrapeCache();
    final MetadataCache metadata = new MetadataCache();
    final long[] reportRefs = new long[REPORT_NAMES.length];
    int iteration;
    int lastSuccessfulIteration;
    int successfulCacheSize;
    /** Staleness tracking applies to the report series too: whether they were written by a scrape. */
    boolean reported;
    @Nullable Parser textParser;
    @Nullable Parser openMetricsParser;
  }

  /** Thrown inside a scrape to fail it. */
  private static final class ScrapeFailure extends Exception {
    ScrapeFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final Labels targetLabels;
  private final List<Label> targetLabelList;
  private final Labels[] reportLabels;
  private final Options options;
  private final LongSupplier nanoTime;
  private final State state;
  private final Labels.Builder builder = Labels.builder();
  private final ScrapeCache.StaleAction staleAction = this::writeStaleMarker;

  // per-scrape counters and the batch stale markers are written to
  private int total;
  private int added;
  private int seriesAdded;
  private long sampleAttempts;
  private boolean overSampleLimit;
  private final int[] rejected = new int[REASONS.length];
  private @Nullable Appender staleApp;
  private long staleTime;
  private int staleWritten;

  /**
   * @param targetLabels the target's labels as its series get them ({@code job}, {@code instance},
   *     ...; no {@code __}-prefixed labels)
   * @param nanoTime a monotonic clock for {@code scrape_duration_seconds}, e.g. {@code System::nanoTime}
   */
  public TargetAppender(Labels targetLabels, Options options, LongSupplier nanoTime) {
    this(targetLabels, options, nanoTime, new State());
  }

  private TargetAppender(Labels targetLabels, Options options, LongSupplier nanoTime, State state) {
    this.targetLabels = Objects.requireNonNull(targetLabels, "targetLabels");
    this.targetLabelList = targetLabels.toList();
    this.options = Objects.requireNonNull(options, "options");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.state = state;
    this.reportLabels = new Labels[REPORT_NAMES.length];
    for (int i = 0; i < REPORT_NAMES.length; i++) {
      reportLabels[i] = targetLabels.toBuilder().set(Labels.METRIC_NAME, REPORT_NAMES[i]).build();
    }
  }

  /**
   * An appender for the same target with new options that takes over this one's cache, staleness
   * tracking and metadata; this one must not be used afterwards.
   */
  TargetAppender withOptions(Options newOptions) {
    return new TargetAppender(targetLabels, newOptions, nanoTime, state);
  }

  /** The target labels this appender adds. */
  public Labels targetLabels() {
    return targetLabels;
  }

  /** Metric metadata of the target by family name, as of its last successful scrape. Thread-safe. */
  public Map<String, Metadata> metadata() {
    return state.metadata.snapshot();
  }

  /** Whether a scrape wrote series that have not been marked stale since (its report series at least). */
  boolean hasScraped() {
    return state.reported;
  }

  /** Number of entries in the scrape cache (series and dropped series). */
  int cachedSeries() {
    return state.cache.size();
  }

  /**
   * Appends one fetched scrape body, its staleness markers and report series, and commits.
   *
   * @param body the response body; only {@code body[0, length)} is read, and it is not kept
   * @param contentType the response's Content-Type, which selects the parser as Prometheus does
   * @param t the scrape's timestamp (epoch ms) for samples without one and for the report series
   * @param startNanos {@link #nanoTime} when the scrape started, for {@code scrape_duration_seconds}
   */
  public ScrapeResult appendScrape(Appendable storage, byte[] body, int length, @Nullable String contentType, long t, long startNanos) {
    int iter = ++state.iteration;
    resetCounters();
    Appender app = storage.appender();
    String error = "";
    ExpositionFormat format = ExpositionFormat.fromContentType(contentType);
    try {
      appendSamples(app, parser(format).reset(body, length), t, iter);
    } catch (ParseException e) {
      error = "cannot parse " + (format == ExpositionFormat.OPENMETRICS ? "OpenMetrics" : "Prometheus text") + " exposition: " + e.getMessage();
    } catch (ScrapeFailure e) {
      error = e.getMessage();
    }
    if (!error.isEmpty()) {
      app.rollback();
      app = storage.appender();
    }
    return finish(app, error, t, startNanos, iter);
  }

  /**
   * Records a scrape that failed before there was a body (connection refused, HTTP status, timeout,
   * target limit): staleness markers for the previous scrape's series, {@code up} 0; commits.
   */
  public ScrapeResult appendFailedScrape(Appendable storage, String error, long t, long startNanos) {
    if (error.isEmpty()) {
      throw new IllegalArgumentException("BUG: a failed scrape needs an error");
    }
    int iter = ++state.iteration;
    resetCounters();
    return finish(storage.appender(), error, t, startNanos, iter);
  }

  /**
   * The target is gone: writes staleness markers at {@code t} for every series of its last scrape
   * and for its report series, and commits. Returns the number of markers written.
   */
  public int appendStaleMarkers(Appendable storage, long t) {
    Appender app = storage.appender();
    beginStale(app, t);
    state.cache.staleAll(state.iteration, staleAction);
    if (state.reported) {
      for (int i = 0; i < REPORT_NAMES.length; i++) {
        if (appendReport(app, i, t, StaleMarker.STALE_NAN)) {
          staleWritten++;
        }
      }
      state.reported = false;
    }
    app.commit();
    staleApp = null;
    return staleWritten;
  }

  private ScrapeResult finish(Appender app, String error, long t, long startNanos, int iter) {
    beginStale(app, t);
    if (error.isEmpty()) {
      state.cache.finishSuccessfulScrape(iter, staleAction);
      state.metadata.finishScrape(iter);
      state.lastSuccessfulIteration = iter;
      state.successfulCacheSize = state.cache.size();
    } else {
      state.cache.finishFailedScrape(iter, staleAction);
      if (state.cache.size() > state.successfulCacheSize * 2 + 1000) {
        state.cache.retainSeenIn(iter); // failed scrapes with churning series must not grow the cache forever
      }
    }
    double duration = (nanoTime.getAsLong() - startNanos) / 1e9;
    appendReport(app, 0, t, error.isEmpty() ? 1 : 0);
    appendReport(app, 1, t, duration);
    appendReport(app, 2, t, total);
    appendReport(app, 3, t, added);
    appendReport(app, 4, t, seriesAdded);
    state.reported = true;
    app.commit();
    staleApp = null;
    Map<AppendException.Reason, Integer> byReason = Map.of();
    for (int i = 0; i < rejected.length; i++) {
      if (rejected[i] > 0) {
        if (byReason.isEmpty()) {
          byReason = new EnumMap<>(AppendException.Reason.class);
        }
        byReason.put(REASONS[i], rejected[i]);
      }
    }
    return new ScrapeResult(error, total, added, seriesAdded, staleWritten, duration, byReason);
  }

  private void resetCounters() {
    total = 0;
    added = 0;
    seriesAdded = 0;
    sampleAttempts = 0;
    overSampleLimit = false;
    Arrays.fill(rejected, 0);
  }

  private Parser parser(ExpositionFormat format) {
    if (format == ExpositionFormat.OPENMETRICS) {
      Parser p = state.openMetricsParser;
      if (p == null) {
        p = state.openMetricsParser = format.newParser();
      }
      return p;
    }
    Parser p = state.textParser;
    if (p == null) {
      p = state.textParser = format.newParser();
    }
    return p;
  }

  private void appendSamples(Appender app, Parser p, long t, int iter) throws ParseException, ScrapeFailure {
    ScrapeCache cache = state.cache;
    long maxT = t + MAX_AHEAD_MILLIS;
    long sampleLimit = options.sampleLimit();
    Entry e;
    while ((e = p.next()) != Entry.EOF) {
      if (e != Entry.SERIES) {
        if (e != Entry.COMMENT) {
          state.metadata.update(p, e, iter);
        }
        continue;
      }
      total++;
      boolean explicitTimestamp = options.honorTimestamps() && p.hasTimestamp();
      long ts = explicitTimestamp ? p.timestamp() : t;
      long hash = p.seriesHash();
      int slot = cache.find(hash);
      long ref = 0;
      Labels lset = null;
      if (slot >= 0) {
        cache.touch(slot, iter);
        if (cache.isDropped(slot)) {
          continue;
        }
        ref = cache.ref(slot);
      } else {
        lset = seriesLabels(p);
        if (lset == null) {
          cache.putDropped(hash, iter);
          continue;
        }
      }
      added++; // counted even if refused below, as Prometheus reports it
      if (sampleLimit > 0 && ++sampleAttempts > sampleLimit) {
        overSampleLimit = true; // keep parsing to report the true number of samples scraped
        continue;
      }
      long newRef = 0;
      if (ts > maxT) {
        rejected[AppendException.Reason.OUT_OF_BOUNDS.ordinal()]++;
      } else {
        newRef = append(app, p, ref, lset, ts, p.value());
      }
      if (slot < 0) {
        if (newRef != 0) {
          slot = cache.put(hash, newRef, iter);
          if (!explicitTimestamp) {
            cache.trackStaleness(slot, iter);
          }
          seriesAdded++;
        }
      } else if (newRef != 0) {
        if (newRef != ref) {
          cache.setRef(slot, newRef);
        }
        if (!explicitTimestamp) {
          cache.trackStaleness(slot, iter);
        }
      }
    }
    if (overSampleLimit) {
      throw new ScrapeFailure("sample limit exceeded: " + sampleAttempts + " samples after relabelling, limit " + sampleLimit);
    }
  }

  /** Appends one sample; returns the series reference, or 0 if the storage refused it. */
  private long append(Appender app, Parser p, long ref, @Nullable Labels lset, long ts, double v)
      throws ParseException, ScrapeFailure {
    try {
      return app.append(ref, lset, ts, v);
    } catch (AppendException e) {
      if (e.reason() != AppendException.Reason.UNKNOWN_REF) {
        rejected[e.reason().ordinal()]++;
        return 0;
      }
    }
    // The storage forgot the cached reference (its head dropped the series): append by labels.
    Labels fresh = seriesLabels(p);
    if (fresh == null) {
      return 0;
    }
    try {
      return app.append(0, fresh, ts, v);
    } catch (AppendException e) {
      rejected[e.reason().ordinal()]++;
      return 0;
    }
  }

  /** The labels of the parser's current series as stored, or null if metric relabelling drops it. */
  private @Nullable Labels seriesLabels(Parser p) throws ParseException, ScrapeFailure {
    p.labels(builder);
    addTargetLabels();
    Labels lset = builder.build();
    if (!options.metricRelabeler().isEmpty()) {
      lset = options.metricRelabeler().process(lset);
      if (lset == null || lset.isEmpty()) {
        return null;
      }
    }
    if (!lset.has(Labels.METRIC_NAME)) {
      throw new ScrapeFailure("missing metric name (__name__ label) after relabelling: " + lset);
    }
    checkLabelLimits(lset);
    return lset;
  }

  /** Prometheus' {@code mutateSampleLabels}, applied to {@link #builder} (holding the exposed labels). */
  private void addTargetLabels() {
    List<Label> target = targetLabelList;
    if (options.honorLabels()) {
      for (Label l : target) {
        if (!builder.has(l.name())) {
          builder.set(l.name(), l.value());
        }
      }
      return;
    }
    boolean conflict = false;
    for (Label l : target) {
      if (builder.has(l.name())) {
        conflict = true;
        break;
      }
    }
    if (!conflict) {
      for (Label l : target) {
        builder.set(l.name(), l.value());
      }
      return;
    }
    Labels exposed = builder.build();
    List<Label> conflicting = new ArrayList<>();
    for (Label l : target) {
      String existing = exposed.get(l.name());
      if (!existing.isEmpty()) {
        conflicting.add(new Label(l.name(), existing));
      }
      builder.set(l.name(), l.value());
    }
    conflicting.sort(Comparator.comparingInt(l -> l.name().length()));
    List<String> taken = new ArrayList<>();
    for (Label c : conflicting) {
      String name = c.name();
      do {
        name = "exported_" + name;
      } while (exposed.has(name) || targetLabels.has(name) || taken.contains(name));
      taken.add(name);
      builder.set(name, c.value());
    }
  }

  private void checkLabelLimits(Labels lset) throws ScrapeFailure {
    long labelLimit = options.labelLimit();
    String metric = truncate(lset.metricName());
    if (labelLimit > 0 && lset.size() > labelLimit) {
      throw new ScrapeFailure("label_limit exceeded (metric: " + metric + ", number of labels: " + lset.size() + ", limit: " + labelLimit + ")");
    }
    long nameLimit = options.labelNameLengthLimit();
    long valueLimit = options.labelValueLengthLimit();
    if (nameLimit == 0 && valueLimit == 0) {
      return;
    }
    for (int i = 0; i < lset.size(); i++) {
      String name = lset.name(i);
      int nameLength = utf8Length(name);
      if (nameLimit > 0 && nameLength > nameLimit) {
        throw new ScrapeFailure("label_name_length_limit exceeded (metric: " + metric + ", label name: " + truncate(name)
            + ", length: " + nameLength + ", limit: " + nameLimit + ")");
      }
      int valueLength = utf8Length(lset.value(i));
      if (valueLimit > 0 && valueLength > valueLimit) {
        throw new ScrapeFailure("label_value_length_limit exceeded (metric: " + metric + ", label name: " + truncate(name)
            + ", value: \"" + truncate(lset.value(i)) + "\", length: " + valueLength + ", limit: " + valueLimit + ")");
      }
    }
  }

  private static String truncate(String s) {
    return s.length() <= 50 ? s : s.substring(0, 50);
  }

  private static int utf8Length(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return s.length();
  }

  /** Appends report series {@code i}; true if the storage took it. */
  private boolean appendReport(Appender app, int i, long t, double v) {
    try {
      state.reportRefs[i] = app.append(state.reportRefs[i], reportLabels[i], t, v);
      return true;
    } catch (AppendException e) {
      if (!StaleMarker.isStale(v)) {
        rejected[e.reason().ordinal()]++;
      }
      return false;
    }
  }

  private void beginStale(Appender app, long t) {
    staleApp = app;
    staleTime = t;
    staleWritten = 0;
  }

  private void writeStaleMarker(long ref) {
    Appender app = staleApp;
    if (app == null) {
      throw new IllegalStateException("BUG: stale marker outside a batch");
    }
    try {
      app.append(ref, null, staleTime, StaleMarker.STALE_NAN);
      staleWritten++;
    } catch (AppendException e) {
      // Expected: the series was written again since (out of order, duplicate), or the storage has
      // dropped it (unknown reference) and then there is nothing to mark stale.
    }
  }
}
