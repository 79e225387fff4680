package io.watchkeeper.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

class RemoteWriteDecoderTest {
  private static final int LIMIT = 1 << 20;

  private final InMemoryStorage storage = new InMemoryStorage();
  private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(LIMIT);

  @Test
  void appendsEverySampleOfEverySeriesAndSortsLabels() throws Exception {
    byte[] body =
        WriteRequests.builder()
            .series(new String[] {"job", "api", "__name__", "http_requests_total", "code", "200"}, new long[] {1000, 2000}, new double[] {1, 2.5})
            .sample(1500, StaleMarker.STALE_NAN, "__name__", "up", "job", "api")
            .metadata("up", "whether the target is up")
            .toSnappy();

    RemoteWriteDecoder.Result result = decoder.write(body, body.length, storage);

    assertThat(result).isEqualTo(new RemoteWriteDecoder.Result(2, 3, 0, List.of()));
    assertThat(read()).containsExactly(
        "{__name__=\"http_requests_total\", code=\"200\", job=\"api\"} 1000=1.0 2000=2.5",
        "{__name__=\"up\", job=\"api\"} 1500=stale");
  }

  @Test
  void readsFieldsThatProto3LeavesOutAsZero() throws Exception {
    byte[] body = WriteRequests.builder().sample(0, 0.0, "__name__", "zero").toSnappy();

    assertThat(decoder.write(body, body.length, storage).samplesAppended()).isEqualTo(1);
    assertThat(read()).containsExactly("{__name__=\"zero\"} 0=0.0");
  }

  @Test
  void honoursTheLengthArgument() throws Exception {
    byte[] compressed = WriteRequests.builder().sample(1, 1, "__name__", "a").toSnappy();
    byte[] padded = Arrays.copyOf(compressed, compressed.length + 100);

    assertThat(decoder.write(padded, compressed.length, storage).samplesAppended()).isEqualTo(1);
  }

  @Test
  void refusesABodyThatIsNotSnappy() {
    byte[] body = "this is plain text, not snappy".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> decoder.write(body, body.length, storage))
        .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.reason()).isEqualTo(RemoteWriteException.Reason.MALFORMED))
        .hasMessageContaining("not a valid snappy block");
    assertThat(storage.seriesCount()).isZero();
  }

  @Test
  void refusesSnappyThatDoesNotHoldAWriteRequestAndAppendsNothing() throws Exception {
    byte[] proto = WriteRequests.builder().sample(1, 1, "__name__", "a").sample(2, 2, "__name__", "b").toProto();
    byte[] truncated = Snappy.compress(Arrays.copyOf(proto, proto.length - 3));

    assertThatThrownBy(() -> decoder.write(truncated, truncated.length, storage))
        .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.reason()).isEqualTo(RemoteWriteException.Reason.MALFORMED))
        .hasMessageStartingWith("cannot decode body as a remote-write WriteRequest");
    assertThat(read()).isEmpty();
  }

  @Test
  void refusesInvalidUtf8InLabels() throws Exception {
    // WriteRequest{timeseries{labels{name="__name__", value=0xff}}} encoded by hand
    ByteArrayOutputStream label = new ByteArrayOutputStream();
    label.write(new byte[] {0x0a, 8});
    label.write("__name__".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    label.write(new byte[] {0x12, 1, (byte) 0xff});
    byte[] l = label.toByteArray();
    byte[] ts = concat(new byte[] {0x0a, (byte) l.length}, l);
    byte[] req = Snappy.compress(concat(new byte[] {0x0a, (byte) ts.length}, ts));

    assertThatThrownBy(() -> decoder.write(req, req.length, storage))
        .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.reason()).isEqualTo(RemoteWriteException.Reason.MALFORMED))
        .hasMessageContaining("UTF-8");
  }

  @Test
  void refusesABodyThatDecompressesBeyondTheLimitBeforeAllocating() throws Exception {
    byte[] body = Snappy.compress(new byte[LIMIT + 1]);

    assertThatThrownBy(() -> decoder.write(body, body.length, storage))
        .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.reason()).isEqualTo(RemoteWriteException.Reason.TOO_LARGE))
        .hasMessage("decompressed body of " + (LIMIT + 1) + " bytes exceeds the limit of " + LIMIT + " bytes");
  }

  static Stream<Arguments> invalidLabels() {
    return Stream.of(
        Arguments.of(new String[] {"__name__", "m", "job", "a", "job", "b"}, "duplicate label name \"job\" in series {__name__=\"m\", job=\"a\", job=\"b\"}"),
        Arguments.of(new String[] {"__name__", "m", "1job", "a"}, "invalid label name \"1job\" in series {1job=\"a\", __name__=\"m\"}"),
        Arguments.of(new String[] {"__name__", "m", "", "a"}, "invalid label name \"\" in series {=\"a\", __name__=\"m\"}"),
        Arguments.of(new String[] {"__name__", "1m"}, "invalid metric name \"1m\" in series {__name__=\"1m\"}"),
        Arguments.of(new String[] {"job", "a"}, "no metric name (label __name__) in series {job=\"a\"}"),
        Arguments.of(new String[] {"__name__", "", "job", "a"}, "no metric name (label __name__) in series {__name__=\"\", job=\"a\"}"));
  }

  @ParameterizedTest
  @MethodSource("invalidLabels")
  void skipsASeriesWithInvalidLabelsAndKeepsTheOthers(String[] labels, String message) throws Exception {
    byte[] body =
        WriteRequests.builder()
            .sample(1000, 1, "__name__", "good")
            .series(labels, new long[] {1000, 2000}, new double[] {1, 2})
            .toSnappy();

    RemoteWriteDecoder.Result result = decoder.write(body, body.length, storage);

    assertThat(result).isEqualTo(new RemoteWriteDecoder.Result(2, 1, 2, List.of(message)));
    assertThat(read()).containsExactly("{__name__=\"good\"} 1000=1.0");
  }

  @Test
  void countsSamplesTheStorageRefusesAndCommitsTheRest() throws Exception {
    byte[] first = WriteRequests.builder().sample(2000, 1, "__name__", "m").toSnappy();
    decoder.write(first, first.length, storage);
    byte[] body =
        WriteRequests.builder()
            .series(new String[] {"__name__", "m"}, new long[] {1000, 2000, 3000}, new double[] {9, 7, 3})
            .sample(5000, 5, "__name__", "other")
            .toSnappy();

    RemoteWriteDecoder.Result result = decoder.write(body, body.length, storage);

    assertThat(result.samplesAppended()).isEqualTo(2);
    assertThat(result.samplesRejected()).isEqualTo(2);
    assertThat(result.errors())
        .containsExactly(
            "out of order sample for series {__name__=\"m\"} at timestamp 1000",
            "duplicate sample for timestamp for series {__name__=\"m\"} at timestamp 2000");
    assertThat(read()).containsExactly("{__name__=\"m\"} 2000=1.0 3000=3.0", "{__name__=\"other\"} 5000=5.0");
  }

  @Test
  void rejectsNativeHistogramsButKeepsFloatSamples() throws Exception {
    byte[] body = WriteRequests.builder().histogram(1000, "__name__", "h").sample(1000, 1, "__name__", "f").toSnappy();

    RemoteWriteDecoder.Result result = decoder.write(body, body.length, storage);

    assertThat(result.samplesAppended()).isEqualTo(1);
    assertThat(result.samplesRejected()).isEqualTo(1);
    assertThat(result.errors()).containsExactly("native histograms are not supported: dropped 1 of series {__name__=\"h\"}");
  }

  @Test
  void keepsTheFirstMessagesAndCountsAll() throws Exception {
    WriteRequests request = WriteRequests.builder();
    for (int i = 0; i < 25; i++) {
      request.sample(1000, i, "__name__", "m", "bad-" + i, "x");
    }
    byte[] body = request.toSnappy();

    RemoteWriteDecoder.Result result = decoder.write(body, body.length, storage);

    assertThat(result.samplesRejected()).isEqualTo(25);
    assertThat(result.errors()).hasSize(RemoteWriteDecoder.MAX_ERROR_MESSAGES);
  }

  @Test
  void reusesTheLabelsOfASeriesItHasSeenBefore() throws Exception {
    RecordingAppendable recording = new RecordingAppendable();
    byte[] first = WriteRequests.builder().sample(1000, 1, "__name__", "m", "job", "a").sample(1000, 1, "__name__", "n").toSnappy();
    byte[] second = WriteRequests.builder().sample(2000, 2, "__name__", "m", "job", "a").toSnappy();

    decoder.write(first, first.length, recording);
    decoder.write(second, second.length, recording);

    assertThat(recording.labels).hasSize(3);
    assertThat((Object) recording.labels.get(2)).isSameAs(recording.labels.get(0)).isEqualTo(Labels.of("__name__", "m", "job", "a"));
  }

  @Test
  void decodesTheSameWithATinyCacheOrNone() throws Exception {
    WriteRequests request = WriteRequests.builder();
    for (int i = 0; i < 20; i++) {
      request.sample(1000 + i, i, "__name__", "m" + (i % 3), "job", "j" + (i % 5));
    }
    request.sample(1, 1, "job", "invalid");
    byte[] body = request.toSnappy();
    List<List<String>> outcomes = new ArrayList<>();
    for (int entries : new int[] {0, 1, 3, 1024}) {
      RemoteWriteDecoder d = new RemoteWriteDecoder(LIMIT, entries);
      RecordingAppendable recording = new RecordingAppendable();
      List<String> outcome = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        RemoteWriteDecoder.Result r = d.write(body, body.length, recording);
        outcome.add(r.samplesAppended() + " " + r.errors());
      }
      outcome.add(recording.labels.toString());
      outcomes.add(outcome);
    }

    assertThat(outcomes).allSatisfy(o -> assertThat(o).isEqualTo(outcomes.get(0)));
    assertThat(outcomes.get(0).get(0)).isEqualTo("20 [no metric name (label __name__) in series {job=\"invalid\"}]");
  }

  @Test
  void acceptsLabelsThatComeAfterTheSamples() throws Exception {
    // TimeSeries{labels{job=a} samples{1@5} labels{__name__=m}}: legal protobuf, no sender writes it
    ByteArrayOutputStream ts = new ByteArrayOutputStream();
    CodedOutputStream series = CodedOutputStream.newInstance(ts);
    writeLabel(series, "job", "a");
    series.writeTag(2, 2);
    series.writeUInt32NoTag(CodedOutputStream.computeDoubleSize(1, 1) + CodedOutputStream.computeInt64Size(2, 5));
    series.writeDouble(1, 1);
    series.writeInt64(2, 5);
    writeLabel(series, "__name__", "m");
    series.flush();
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    CodedOutputStream request = CodedOutputStream.newInstance(req);
    request.writeByteArray(1, ts.toByteArray());
    request.flush();
    byte[] body = Snappy.compress(req.toByteArray());

    for (int round = 0; round < 2; round++) {
      assertThat(decoder.write(body, body.length, storage).errors()).isEmpty();
    }
    assertThat(read()).containsExactly("{__name__=\"m\", job=\"a\"} 5=1.0");
  }

  private static void writeLabel(CodedOutputStream out, String name, String value) throws java.io.IOException {
    out.writeTag(1, 2);
    out.writeUInt32NoTag(CodedOutputStream.computeStringSize(1, name) + CodedOutputStream.computeStringSize(2, value));
    out.writeString(1, name);
    out.writeString(2, value);
  }

  /** Records the labels of every append. */
  private static final class RecordingAppendable implements Appendable {
    final List<Labels> labels = new ArrayList<>();

    @Override
    public Appender appender() {
      return new Appender() {
        @Override
        public long append(long ref, @Nullable Labels l, long t, double v) {
          labels.add(java.util.Objects.requireNonNull(l));
          return 1;
        }

        @Override
        public void commit() {}

        @Override
        public void rollback() {}
      };
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Every series in storage as "labels t=v t=v". */
  private List<String> read() {
    List<String> out = new ArrayList<>();
    try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(Matcher.of(MatchType.REGEX, Labels.METRIC_NAME, ".+")));
      while (set.next()) {
        StringBuilder sb = new StringBuilder(set.at().labels().toString());
        SampleIterator it = set.at().iterator(null);
        while (it.next()) {
          sb.append(' ').append(it.timestamp()).append('=').append(StaleMarker.isStale(it.value()) ? "stale" : Double.toString(it.value()));
        }
        out.add(sb.toString());
      }
    }
    return out;
  }
}
