package io.watchkeeper.storage.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The head's decimal-delta chunks: what they accept, bit-exact round trips, cuts, size. */
class DecimalDeltaChunkTest {
  /** The head's use: an appender in decimal mode, cutting when a value does not fit. */
  private static final class HeadLike extends XorAppender {
    final List<byte[]> chunks = new ArrayList<>();
    final List<Boolean> decimal = new ArrayList<>();

    HeadLike() {
      super(true);
    }

    void add(long t, double v) {
      if (count() >= 120 || !accepts(v)) {
        finish();
      }
      append(t, v);
    }

    void finish() {
      if (count() > 0) {
        chunks.add(toByteArray());
        decimal.add(isDecimalChunk());
        cut();
      }
    }

    /** Every sample of every chunk, decoded. */
    List<long[]> decode() {
      List<long[]> out = new ArrayList<>();
      XorIterator it = new XorIterator();
      for (byte[] c : chunks) {
        it.reset(c, 0, c.length);
        while (it.next()) {
          out.add(new long[] {it.timestamp(), it.valueBits()});
        }
      }
      return out;
    }
  }

  private static void assertRoundTrip(long[] ts, double[] vs) {
    HeadLike a = new HeadLike();
    for (int i = 0; i < ts.length; i++) {
      a.add(ts[i], vs[i]);
    }
    a.finish();
    List<long[]> got = a.decode();
    assertThat(got).hasSize(ts.length);
    for (int i = 0; i < ts.length; i++) {
      assertThat(got.get(i)[0]).as("t[%d]", i).isEqualTo(ts[i]);
      assertThat(got.get(i)[1]).as("v[%d] = %s", i, vs[i]).isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
  }

  @Test
  void roundTripsDecimalsOfEverySizeBitExact() {
    Random r = new Random(7);
    long[] ts = new long[2000];
    double[] vs = new double[2000];
    long t = 1_700_000_000_000L;
    double walk = 50;
    for (int i = 0; i < ts.length; i++) {
      t += 1000 + (r.nextInt(20) == 0 ? r.nextInt(200) - 100 : 0);
      ts[i] = t;
      walk = Math.round((walk + r.nextGaussian()) * 100) / 100.0;
      vs[i] = switch (i / 250) {
        case 0 -> walk;                                   // two decimals
        case 1 -> i * 7;                                   // counter
        case 2 -> r.nextInt(1 << 20) - (1 << 19);          // big jumps, negative
        case 3 -> r.nextLong() >> 14;                      // mantissas near the 2^50 limit
        case 4 -> Math.round(r.nextDouble() * 1e6) / 1e6;  // six decimals
        case 5 -> r.nextDouble();                          // binary fractions: XOR
        case 6 -> i % 2 == 0 ? 0.1 : 0.2;
        default -> 1e15 + i;                               // large integers
      };
    }
    assertRoundTrip(ts, vs);
  }

  @Test
  void valuesTheExponentCannotHoldCutTheChunkAndAreStoredExactly() {
    double[] vs = {1, 2, 3, 2.5, 2.75, StaleMarker.STALE_NAN, 4, -0.0, 0, Double.POSITIVE_INFINITY, 5, Double.NaN,
        0.1 + 0.2, 7, Double.MAX_VALUE, 8, Double.MIN_VALUE, 9};
    long[] ts = new long[vs.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = 1000L * (i + 1);
    }
    assertRoundTrip(ts, vs);

    HeadLike a = new HeadLike();
    a.add(1000, 1);
    assertThat(a.isDecimalChunk()).isTrue();
    assertThat(a.accepts(2)).isTrue();
    assertThat(a.accepts(2.5)).as("a further decimal place").isFalse();
    assertThat(a.accepts(StaleMarker.STALE_NAN)).isFalse();
    assertThat(a.accepts(-0.0)).isFalse();
    assertThat(a.accepts(0.1 + 0.2)).isFalse();
  }

  @Test
  void exponentsOnlyGrowSoAGaugeGainingADecimalCutsOnce() {
    HeadLike a = new HeadLike();
    double[] vs = {10, 11, 10.5, 12, 12.25, 13, 14, 15, 16.5, 17};
    for (int i = 0; i < vs.length; i++) {
      a.add(1000L * i, vs[i]);
    }
    a.finish();
    assertThat(a.chunks).hasSize(3); // [10, 11] [10.5, 12] [12.25 ...]
    assertThat(a.decimal).containsOnly(true);
  }

  @Test
  void aValueTooLargeForTheUsualExponentStillGetsADecimalChunk() {
    HeadLike a = new HeadLike();
    a.add(1, 0.125);          // exponent 3
    a.add(2, 1e15);           // 1e18 > 2^50: new chunk, exponent 0
    a.add(3, 1e15 + 1);
    a.finish();
    assertThat(a.decimal).containsExactly(true, true);
    assertThat(a.decode()).extracting(s -> Double.longBitsToDouble(s[1])).containsExactly(0.125, 1e15, 1e15 + 1);
  }

  @Test
  void readsAPrefixOfAGrowingChunk() {
    HeadLike a = new HeadLike();
    for (int i = 0; i < 50; i++) {
      a.add(1000L * i, (i + 1) * 0.5);
    }
    assertThat(a.count()).isEqualTo(50);
    byte[] buf = a.buffer();
    XorIterator it = new XorIterator().reset(buf, 0, a.byteLength(), 20);
    int n = 0;
    while (it.next()) {
      assertThat(it.value()).isEqualTo((n + 1) * 0.5);
      n++;
    }
    assertThat(n).isEqualTo(20);
  }

  @Test
  void xorOnlyAppendersNeverWriteDecimalChunks() {
    XorAppender x = new XorAppender();
    x.append(1, 1);
    x.append(2, 2);
    assertThat(x.isDecimalChunk()).isFalse();
    assertThat(x.buffer()[0] & 0x80).isZero();
    assertThat(x.accepts(Double.NaN)).isTrue();
  }

  @Test
  void twoDecimalRandomWalkTakesAThirdOfXorsBytes() {
    Random r = new Random(1);
    HeadLike d = new HeadLike();
    XorAppender x = new XorAppender();
    double v = 500;
    for (int i = 0; i < 120; i++) {
      v = Math.round((v + r.nextGaussian() * 2) * 100) / 100.0;
      d.add(1000L * i, v);
      x.append(1000L * i, v);
    }
    assertThat(d.isDecimalChunk()).isTrue();
    System.out.printf("random walk: decimal-delta %d bytes, XOR %d%n", d.byteLength(), x.byteLength());
    assertThat(d.byteLength()).isLessThan(x.byteLength() / 2);
  }

  /** Bytes of 10 chunks of 120 samples at 1 s, decimal-delta against XOR, for a value generator. */
  private static int[] sizes(java.util.function.IntToDoubleFunction value) {
    HeadLike d = new HeadLike();
    XorAppender x = new XorAppender();
    int xorBytes = 0;
    for (int i = 0; i < 1200; i++) {
      d.add(1000L * i, value.applyAsDouble(i));
      x.append(1000L * i, value.applyAsDouble(i));
      if (x.count() == 120) {
        xorBytes += x.byteLength();
        x.cut();
      }
    }
    d.finish();
    return new int[] {d.chunks.stream().mapToInt(c -> c.length).sum(), xorBytes};
  }

  @Test
  void steadyCountersUseDeltaOfDeltasAndTakeLessThanHalfOfXor() {
    Random r = new Random(3);
    long[] counter = new long[1200];
    for (int i = 1; i < counter.length; i++) {
      counter[i] = counter[i - 1] + 200 + Math.round(r.nextGaussian() * Math.sqrt(200)); // Poisson-like, 200/s
    }
    int[] s = sizes(i -> counter[i]);
    System.out.printf("counter 200/s: decimal-delta %.2f B/sample, XOR %.2f%n", s[0] / 1200.0, s[1] / 1200.0);
    assertThat(s[0]).isLessThan(s[1] / 2);
  }

  @Test
  void unchangedValuesCostAboutTwoBitsPerSample() {
    int[] s = sizes(i -> 42);
    assertThat(s[0] / 1200.0).isLessThan(0.35);
  }
}
