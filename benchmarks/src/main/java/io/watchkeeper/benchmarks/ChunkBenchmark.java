package io.watchkeeper.benchmarks;

import io.watchkeeper.storage.tsdb.chunk.BitWriter;
import io.watchkeeper.storage.tsdb.chunk.DecimalChunk;
import io.watchkeeper.storage.tsdb.chunk.DecimalIterator;
import io.watchkeeper.storage.tsdb.chunk.XorAppender;
import io.watchkeeper.storage.tsdb.chunk.XorIterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding and decoding one chunk of {@value #N} samples of the scrape workload ({@link
 * SyntheticTargets}; a mix of counters, bucket counts, float sums and gauges, timestamps on schedule):
 * the head's XOR chunk and the blocks' decimal chunk. Times are per sample.
 *
 * <p>Indicative results, ns per sample (2026-11-22, 2-core VM shared with other builds at load 7-10,
 * JDK 25, one fork; errors were as large as the means): XOR encode 40-60, XOR decode 15, decimal
 * encode 60-200 (blocks only: compaction time), decimal decode 10-45. See {@code
 * storage/docs/tsdb.md}, section Performance.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkBenchmark {
  static final int N = 240;

  /**
   * Which series of a target: 0 is a counter, 300 a bucket count, 700 a float sum, 990 a gauge; -1
   * a constant 1 (as {@code up}).
   */
  @Param({"0", "300", "700", "990", "-1"})
  public int series;

  private final long[] ts = new long[N];
  private final double[] vs = new double[N];
  private final long[] scratch = new long[2 * N];
  private final BitWriter writer = new BitWriter(1024);
  private byte[] xor = new byte[0];
  private byte[] decimal = new byte[0];
  private boolean hasDecimal;
  private byte[] head = new byte[0];
  private final XorIterator xorIt = new XorIterator();
  private final XorIterator headIt = new XorIterator();
  private final DecimalIterator decIt = new DecimalIterator();

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticTargets w = new SyntheticTargets(1, 1000, 7);
    for (int i = 0; i < N; i++) {
      for (int s = 0; s < w.size(); s++) {
        double v = w.next(s);
        if (s == series) {
          vs[i] = v;
        }
        if (series < 0) {
          vs[i] = 1;
        }
      }
      ts[i] = 1_700_000_000_000L + i * 15_000L;
    }
    XorAppender a = new XorAppender();
    for (int i = 0; i < N; i++) {
      a.append(ts[i], vs[i]);
    }
    xor = a.toByteArray();
    HeadChunk h = new HeadChunk();
    for (int i = 0; i < N; i++) {
      h.append(ts[i], vs[i]);
    }
    head = h.toByteArray();
    writer.reset();
    hasDecimal = DecimalChunk.encode(ts, vs, 0, N, writer, scratch);
    decimal = writer.toByteArray();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int xorEncode() {
    XorAppender a = new XorAppender();
    for (int i = 0; i < N; i++) {
      a.append(ts[i], vs[i]);
    }
    return a.byteLength();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void xorDecode(Blackhole bh) {
    XorIterator it = xorIt.reset(xor, 0, xor.length);
    while (it.next()) {
      bh.consume(it.value());
    }
  }

  /** The head's appender: decimal-delta chunks where the values allow (all of a chunk here, or XOR). */
  static final class HeadChunk extends XorAppender {
    HeadChunk() {
      super(true);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int headEncode() {
    HeadChunk a = new HeadChunk();
    for (int i = 0; i < N; i++) {
      if (!a.accepts(vs[i])) {
        a.cut();
      }
      a.append(ts[i], vs[i]);
    }
    return a.byteLength();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void headDecode(Blackhole bh) {
    XorIterator it = headIt.reset(head, 0, head.length);
    while (it.next()) {
      bh.consume(it.value());
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public boolean decimalEncode() {
    writer.reset();
    return DecimalChunk.encode(ts, vs, 0, N, writer, scratch);
  }

  /**
   * An instant query's read of one block chunk: the samples of a 5-minute window at its end (the
   * last 20 at 15 s), found with {@link DecimalIterator#seek}. Per chunk, not per sample.
   */
  @Benchmark
  public void decimalWindowAtEnd(Blackhole bh) {
    if (!hasDecimal) {
      return;
    }
    DecimalIterator it = decIt.reset(decimal, 0, decimal.length, ts[0]);
    if (it.seek(ts[N - 20])) {
      do {
        bh.consume(it.value());
      } while (it.next());
    }
  }

  /** The same window reached sample by sample (how it was read before the seek skipped). */
  @Benchmark
  public void decimalWindowAtEndByNext(Blackhole bh) {
    if (!hasDecimal) {
      return;
    }
    DecimalIterator it = decIt.reset(decimal, 0, decimal.length, ts[0]);
    long from = ts[N - 20];
    while (it.next()) {
      if (it.timestamp() >= from) {
        bh.consume(it.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void decimalDecode(Blackhole bh) {
    if (!hasDecimal) {
      return; // float sums do not encode as decimals; blocks store them as XOR
    }
    DecimalIterator it = decIt.reset(decimal, 0, decimal.length, ts[0]);
    while (it.next()) {
      bh.consume(it.value());
    }
  }
}
