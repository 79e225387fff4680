package io.watchkeeper.storage.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecimalChunkTest {
  static Stream<Arguments> decimalSeries() {
    Random r = new Random(7);
    int n = 240;
    long[] regular = new long[n];
    long[] jittered = new long[n];
    double[] counter = new double[n];
    double[] gauge2 = new double[n];
    double[] sum = new double[n];
    double[] pages = new double[n];
    double c = 1000;
    double g = 5;
    double s = 0;
    double p = 400e6;
    double[] constant = new double[n];
    double[] stuck = new double[n];
    double[] steady = new double[n];
    for (int i = 0; i < n; i++) {
      constant[i] = 1;
      stuck[i] = 17 + (i >= 100 ? 1 : 0) + (i >= 230 ? 3 : 0);
      steady[i] = 5000 + 7.0 * i;
      regular[i] = 1_700_000_000_000L + i * 10_000L;
      jittered[i] = 1_700_000_000_000L + i * 10_000L + (r.nextInt(5) == 0 ? r.nextInt(31) - 15 : 0);
      c += r.nextInt(20);
      counter[i] = c;
      g = Math.round((g + r.nextGaussian()) * 100) / 100.0;
      gauge2[i] = g;
      s = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6f", s + r.nextDouble() * 3));
      sum[i] = s;
      p += (r.nextInt(11) - 5) * 4096.0;
      pages[i] = p;
    }
    return Stream.of(
        Arguments.of("counter", regular, counter),
        Arguments.of("two-decimal gauge, jittered", jittered, gauge2),
        Arguments.of("six-decimal sum", regular, sum),
        Arguments.of("page-granular gauge", jittered, pages),
        Arguments.of("constant (up)", regular, constant),
        Arguments.of("counter that rarely moves", regular, stuck),
        Arguments.of("counter at a steady rate", regular, steady),
        Arguments.of("constant, jittered", jittered, constant),
        Arguments.of("negative times and values", new long[] {-3000, -2000, -1000, 0, 1}, new double[] {-1, -2.5, 0, 7, -1e14}),
        Arguments.of("single", new long[] {42}, new double[] {0.25}),
        Arguments.of("pair", new long[] {42, 43}, new double[] {0.25, 1e-18}));
  }

  /** The whole series as one decimal chunk (which it must encode as). */
  private static byte[] encoded(long[] ts, double[] vs) {
    BitWriter w = new BitWriter(64);
    assertThat(DecimalChunk.encode(ts, vs, 0, ts.length, w, new long[2 * ts.length])).isTrue();
    return w.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decimalSeries")
  void roundTripsBitExact(String name, long[] ts, double[] vs) {
    byte[] b = encoded(ts, vs);
    DecimalIterator it = new DecimalIterator().reset(b, 0, b.length, ts[0]);
    for (int i = 0; i < ts.length; i++) {
      assertThat(it.next()).isTrue();
      assertThat(it.timestamp()).as("t %d", i).isEqualTo(ts[i]);
      assertThat(Double.doubleToRawLongBits(it.value())).as("v %d", i).isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
    assertThat(it.next()).isFalse();
  }

  /**
   * Seeking (the arithmetic skip of regular timestamps, the zero-run skip of unchanged values, the
   * plain scan otherwise) lands where a sample-by-sample scan lands, from the start and from any
   * sample, and the samples after it follow as before. One iterator is reused across chunks.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("decimalSeries")
  void seekLandsWhereAScanLands(String name, long[] ts, double[] vs) {
    byte[] b = encoded(ts, vs);
    DecimalIterator it = new DecimalIterator();
    List<Long> targets = new ArrayList<>(List.of(Long.MIN_VALUE, ts[0] - 1, Long.MAX_VALUE));
    for (long t : ts) {
      targets.addAll(List.of(t - 1, t, t + 1));
    }
    for (int from = 0; from <= ts.length; from += Math.max(1, ts.length / 7)) {
      for (long target : targets) {
        it.reset(b, 0, b.length, ts[0]);
        for (int i = 0; i < from; i++) {
          assertThat(it.next()).isTrue();
        }
        int want = from;
        while (want < ts.length && ts[want] < target) {
          want++;
        }
        if (from > 0 && ts[from - 1] >= target) {
          want = from - 1; // already at or past the target: stays
        }
        String at = "from " + from + " to " + target;
        if (from == ts.length && want == ts.length) {
          continue; // exhausted by next() already
        }
        if (want == ts.length) {
          assertThat(it.seek(target)).as(at).isFalse();
          continue;
        }
        assertThat(it.seek(target)).as(at).isTrue();
        for (int i = want; i < ts.length; i++) {
          if (i > want) {
            assertThat(it.next()).as(at).isTrue();
          }
          assertThat(it.timestamp()).as(at + ", t %d", i).isEqualTo(ts[i]);
          assertThat(Double.doubleToRawLongBits(it.value())).as(at + ", v %d", i).isEqualTo(Double.doubleToRawLongBits(vs[i]));
        }
        assertThat(it.next()).as(at).isFalse();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decimalSeries")
  void isSmallerThanXor(String name, long[] ts, double[] vs) {
    if (ts.length < 100) {
      return;
    }
    BitWriter w = new BitWriter(64);
    DecimalChunk.encode(ts, vs, 0, ts.length, w, new long[2 * ts.length]);
    XorAppender x = new XorAppender();
    for (int i = 0; i < ts.length; i++) {
      x.append(ts[i], vs[i]);
    }
    assertThat(w.byteLength()).isLessThan(x.byteLength());
  }

  @Test
  void refusesValuesThatAreNotExactDecimals() {
    long[] ts = {1, 2, 3};
    for (double bad : new double[] {Double.NaN, StaleMarker.STALE_NAN, Double.POSITIVE_INFINITY, -0.0, 0.1 + 0.2, 123456789.123456789, 1e300}) {
      assertThat(DecimalChunk.encode(ts, new double[] {1, bad, 2}, 0, 3, new BitWriter(8), new long[6]))
          .as("%s", bad)
          .isFalse();
    }
  }

  @Test
  void encodesARegionOfLargerArrays() {
    long[] ts = {1, 2, 3, 4, 5};
    double[] vs = {9, 8, 7, 6, 5};
    BitWriter w = new BitWriter(8);
    assertThat(DecimalChunk.encode(ts, vs, 2, 3, w, new long[6])).isTrue();
    byte[] b = w.toByteArray();
    DecimalIterator it = new DecimalIterator().reset(b, 0, b.length, 3);
    assertThat(it.seek(4)).isTrue();
    assertThat(it.value()).isEqualTo(6);
    assertThat(it.next()).isTrue();
    assertThat(it.value()).isEqualTo(5);
    assertThat(it.next()).isFalse();
  }
}
