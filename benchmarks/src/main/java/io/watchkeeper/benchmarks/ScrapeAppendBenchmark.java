package io.watchkeeper.benchmarks;

import io.watchkeeper.ingest.scrape.ScrapeResult;
import io.watchkeeper.ingest.scrape.TargetAppender;
import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scrape cycle of the bench harness' target body (~1000 samples) through {@link
 * TargetAppender}: parse, scrape-cache lookup, append by reference, staleness bookkeeping, report
 * series, commit; into a storage that only hands out references, so the figure is the ingest
 * side's cost without the TSDB. {@code steadyState} is every scrape after the first (all series
 * cached); {@code firstScrape} a new target (every label set decoded and appended by labels).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScrapeAppend}. Per-sample cost = time
 * per operation / samples per body. Indicative only on a shared, busy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScrapeAppendBenchmark {
  private static final Labels TARGET = Labels.of("job", "bench", "instance", "127.0.0.1:9100");
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private byte[] body;
  private TargetAppender steady;
  private long t = 1_700_000_000_000L;
  private final RefStorage storage = new RefStorage();

  /** Hands out series references and keeps nothing. */
  static final class RefStorage implements Appendable {
    long nextRef = 1;
    long samples;

    @Override
    public Appender appender() {
      return new Appender() {
        @Override
        public long append(long ref, @Nullable Labels labels, long ts, double v) {
          samples++;
          return ref != 0 ? ref : nextRef++;
        }

        @Override
        public void commit() {}

        @Override
        public void rollback() {}
      };
    }
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    body = BenchData.benchTarget();
    steady = new TargetAppender(TARGET, TargetAppender.Options.DEFAULT, System::nanoTime);
    ScrapeResult r = steady.appendScrape(storage, body, body.length, CONTENT_TYPE, t, System.nanoTime());
    if (!r.isUp()) {
      throw new IllegalStateException("bench body does not parse: " + r.error());
    }
  }

  @Benchmark
  public ScrapeResult steadyState() {
    t += 15_000;
    return steady.appendScrape(storage, body, body.length, CONTENT_TYPE, t, 0);
  }

  @Benchmark
  public ScrapeResult firstScrape() {
    t += 15_000;
    TargetAppender fresh = new TargetAppender(TARGET, TargetAppender.Options.DEFAULT, System::nanoTime);
    return fresh.appendScrape(storage, body, body.length, CONTENT_TYPE, t, 0);
  }
}
