package io.watchkeeper.storage.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.StaleMarker;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class XorChunkTest {
  static Stream<Arguments> series() {
    Random r = new Random(42);
    long[] jitter = new long[500];
    double[] walk = new double[500];
    long t = 1_700_000_000_000L;
    double v = 100;
    for (int i = 0; i < 500; i++) {
      t += 15_000 + (r.nextInt(10) == 0 ? r.nextInt(41) - 20 : 0);
      v += r.nextGaussian();
      jitter[i] = t;
      walk[i] = v;
    }
    double[] edge = {
      0, -0.0, Double.NaN, StaleMarker.STALE_NAN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1, 1, 1, StaleMarker.STALE_NAN, 42.5,
      Double.longBitsToDouble(0x7ff8dead00000001L), 3.0e-300, 12345678.9
    };
    long[] edgeT = new long[edge.length];
    long[] hugeT = {
      Long.MIN_VALUE + 1, -5_000_000_000_000L, -1, 0, 1, 1L << 40, (1L << 40) + 1, Long.MAX_VALUE - 3,
      Long.MAX_VALUE - 2, Long.MAX_VALUE - 1, Long.MAX_VALUE
    };
    for (int i = 0; i < edge.length; i++) {
      edgeT[i] = -100_000 + i * 1_000 + (i % 3 == 0 ? 1 << 21 : 0) * i;
    }
    double[] hugeV = new double[hugeT.length];
    for (int i = 0; i < hugeV.length; i++) {
      hugeV[i] = i * 0.1;
    }
    return Stream.of(
        Arguments.of("jittered random walk", jitter, walk),
        Arguments.of("edge values", edgeT, edge),
        Arguments.of("huge deltas", hugeT, hugeV),
        Arguments.of("one sample", new long[] {-7}, new double[] {StaleMarker.STALE_NAN}),
        Arguments.of("two samples", new long[] {5, 1L << 50}, new double[] {1.5, -1.5}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void roundTripsBitExact(String name, long[] ts, double[] vs) {
    XorAppender app = new XorAppender();
    for (int i = 0; i < ts.length; i++) {
      app.append(ts[i], vs[i]);
    }
    assertThat(app.count()).isEqualTo(ts.length);
    assertThat(app.firstTimestamp()).isEqualTo(ts[0]);
    byte[] chunk = app.toByteArray();
    XorIterator it = new XorIterator().reset(chunk, 0, chunk.length);
    for (int i = 0; i < ts.length; i++) {
      assertThat(it.next()).as("sample %d", i).isTrue();
      assertThat(it.timestamp()).as("t %d", i).isEqualTo(ts[i]);
      assertThat(Double.doubleToRawLongBits(it.value())).as("v %d", i).isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
    assertThat(it.next()).isFalse();
    assertThat(it.next()).isFalse();
  }

  @Test
  void readsAPrefixWhileTheChunkGrows() {
    XorAppender app = new XorAppender();
    for (int i = 0; i < 50; i++) {
      app.append(i * 1000L, i * 1.5);
    }
    byte[] snapshot = app.buffer();
    int len = app.byteLength();
    int count = app.count();
    for (int i = 50; i < 60; i++) {
      app.append(i * 1000L, i * 1.5); // may write into the same array, after the snapshot's bits
    }
    XorIterator it = new XorIterator().reset(snapshot, 0, len, count);
    int n = 0;
    while (it.next()) {
      assertThat(it.value()).isEqualTo(n * 1.5);
      n++;
    }
    assertThat(n).isEqualTo(50);
  }

  @Test
  void seekSkipsForwardAndNeverBack() {
    XorAppender app = new XorAppender();
    for (int i = 0; i < 10; i++) {
      app.append(i * 10L, i);
    }
    byte[] chunk = app.toByteArray();
    XorIterator it = new XorIterator().reset(chunk, 0, chunk.length);
    assertThat(it.seek(35)).isTrue();
    assertThat(it.timestamp()).isEqualTo(40);
    assertThat(it.seek(0)).isTrue();
    assertThat(it.timestamp()).isEqualTo(40);
    assertThat(it.seek(90)).isTrue();
    assertThat(it.value()).isEqualTo(9);
    assertThat(it.seek(91)).isFalse();
    assertThat(it.seek(0)).isFalse();
  }

  @Test
  void cutKeepsTheLastSampleAndStartsAFreshArray() {
    XorAppender app = new XorAppender();
    app.append(1000, 1);
    app.append(2000, 2);
    byte[] first = app.buffer();
    app.cut();
    assertThat(app.count()).isZero();
    assertThat(app.lastTimestamp()).isEqualTo(2000);
    app.append(3000, 3);
    assertThat(app.buffer()).isNotSameAs(first);
    assertThat(app.firstTimestamp()).isEqualTo(3000);
  }

  @Test
  void regularScrapesCostAboutOneBitPerTimestamp() {
    XorAppender app = new XorAppender();
    for (int i = 0; i < 120; i++) {
      app.append(1_700_000_000_000L + i * 15_000L, 7); // constant value: 1 bit per value too
    }
    assertThat(app.byteLength()).isLessThan(2 + 6 + 8 + 3 + 30 + 1);
  }
}
