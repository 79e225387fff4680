package io.watchkeeper.benchmarks;

import io.watchkeeper.ingest.textformat.Entry;
import io.watchkeeper.ingest.textformat.ExpositionFormat;
import io.watchkeeper.ingest.textformat.ParseException;
import io.watchkeeper.ingest.textformat.Parser;
import io.watchkeeper.model.Labels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exposition parsers over whole bodies: {@code alltypes} is Prometheus' 237-family parser
 * fixture (1857 samples), {@code target} one target of the bench harness ({@code targets.py
 * --dump}, ~1000 samples, histograms with long float sums). {@code series} is what a scrape does
 * for a cached series (value, timestamp, hash of the series bytes); {@code seriesAndLabels} also
 * decodes every label set, as for series never seen before.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TextParser} from the repository root.
 * Divide the time per operation by the samples per body for a per-sample figure. Results and
 * machine: see the ingest report; the numbers are indicative only on a shared, busy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TextParserBenchmark {
  @Param({"alltypes", "target"})
  public String input;

  @Param({"text", "openmetrics"})
  public String format;

  private byte[] body;
  private Parser parser;
  private final Labels.Builder builder = Labels.builder();

  @Setup
  public void setup() throws Exception {
    byte[] text = input.equals("alltypes") ? BenchData.alltypes() : BenchData.benchTarget();
    body = format.equals("text") ? text : BenchData.asOpenMetrics(text);
    parser = (format.equals("text") ? ExpositionFormat.PROMETHEUS_TEXT : ExpositionFormat.OPENMETRICS).newParser();
  }

  @Benchmark
  public long series() throws ParseException {
    Parser p = parser.reset(body, body.length);
    long acc = 0;
    Entry e;
    while ((e = p.next()) != Entry.EOF) {
      if (e == Entry.SERIES) {
        acc += p.seriesHash() ^ Double.doubleToRawLongBits(p.value()) ^ p.timestamp();
      }
    }
    return acc;
  }

  @Benchmark
  public long seriesAndLabels() throws ParseException {
    Parser p = parser.reset(body, body.length);
    long acc = 0;
    Entry e;
    while ((e = p.next()) != Entry.EOF) {
      if (e == Entry.SERIES) {
        p.labels(builder);
        acc += builder.build().size() + Double.doubleToRawLongBits(p.value());
      }
    }
    return acc;
  }
}
