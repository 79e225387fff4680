package io.watchkeeper.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} must have. Each implementation's test extends this class and
 * says how to open one.
 */
public abstract class StorageContractTest {
  protected Storage storage;

  /** A new, empty storage. */
  protected abstract Storage open() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    storage = open();
  }

  @AfterEach
  void tearDown() {
    storage.close();
  }

  protected static final Labels A = Labels.of("__name__", "up", "job", "api", "instance", "a:1");
  protected static final Labels B = Labels.of("__name__", "up", "job", "db", "instance", "b:1");
  protected static final Labels C = Labels.of("__name__", "requests_total", "job", "api", "code", "500");

  protected void append(Labels l, long t, double v) throws AppendException {
    Appender app = storage.appender();
    app.append(0, l, t, v);
    app.commit();
  }

  /** All samples of matching series in [minT, maxT] as "labels t=v" lines, series sorted. */
  protected List<String> read(long minT, long maxT, Matcher... matchers) {
    List<String> out = new ArrayList<>();
    try (Querier q = storage.querier(minT, maxT)) {
      SeriesSet set = q.select(true, SelectHints.range(minT, maxT), List.of(matchers));
      while (set.next()) {
        Series s = set.at();
        SampleIterator it = s.iterator(null);
        StringBuilder sb = new StringBuilder(s.labels().toString());
        while (it.next()) {
          sb.append(' ').append(it.timestamp()).append('=').append(it.value());
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  @Test
  void appendedSamplesAreVisibleAfterCommitOnly() throws Exception {
    Appender app = storage.appender();
    app.append(0, A, 1000, 1);
    assertThat(read(0, 5000, Matcher.metricName("up"))).isEmpty();
    app.commit();
    assertThat(read(0, 5000, Matcher.metricName("up"))).containsExactly(A + " 1000=1.0");
  }

  @Test
  void rollbackDiscardsTheBatch() throws Exception {
    Appender app = storage.appender();
    app.append(0, A, 1000, 1);
    app.rollback();
    assertThat(read(0, 5000, Matcher.metricName("up"))).isEmpty();
  }

  @Test
  void seriesComeSortedAndFilteredByTimeRange() throws Exception {
    for (long t = 1000; t <= 5000; t += 1000) {
      Appender app = storage.appender();
      app.append(0, B, t, t / 1000.0);
      app.append(0, A, t, -t / 1000.0);
      app.commit();
    }
    assertThat(read(2000, 3000, Matcher.metricName("up")))
        .containsExactly(A + " 2000=-2.0 3000=-3.0", B + " 2000=2.0 3000=3.0");
  }

  @Test
  void matchersOfEveryKindSelect() throws Exception {
    append(A, 1000, 1);
    append(B, 1000, 2);
    append(C, 1000, 3);
    assertThat(read(0, 2000, Matcher.equal("job", "api"))).hasSize(2);
    assertThat(read(0, 2000, Matcher.metricName("up"), Matcher.of(MatchType.NOT_EQUAL, "job", "api")))
        .containsExactly(B + " 1000=2.0");
    assertThat(read(0, 2000, Matcher.of(MatchType.REGEX, "__name__", "up|requests_.*"))).hasSize(3);
    assertThat(read(0, 2000, Matcher.of(MatchType.REGEX, "job", "a.*"), Matcher.of(MatchType.NOT_REGEX, "__name__", "up")))
        .containsExactly(C + " 1000=3.0");
    // an empty-matching matcher also selects series without the label
    assertThat(read(0, 2000, Matcher.metricName("up"), Matcher.equal("code", ""))).hasSize(2);
  }

  @Test
  void outOfOrderAndDuplicateSamplesAreRejectedAndTheBatchGoesOn() throws Exception {
    append(A, 2000, 1);
    Appender app = storage.appender();
    assertThatThrownBy(() -> app.append(0, A, 1000, 5))
        .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason()).isIn(
            AppendException.Reason.OUT_OF_ORDER, AppendException.Reason.OUT_OF_BOUNDS));
    assertThatThrownBy(() -> app.append(0, A, 2000, 7))
        .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason())
            .isEqualTo(AppendException.Reason.DUPLICATE_SAMPLE));
    app.append(0, A, 2000, 1); // the same sample again is accepted and stored once
    app.append(0, A, 3000, 2);
    app.commit();
    assertThat(read(0, 5000, Matcher.metricName("up"))).containsExactly(A + " 2000=1.0 3000=2.0");
  }

  @Test
  void referencesAreReusableAndUnknownOnesAreReported() throws Exception {
    Appender app = storage.appender();
    long ref = app.append(0, A, 1000, 1);
    assertThat(ref).isNotZero();
    assertThat(app.append(ref, null, 2000, 2)).isEqualTo(ref);
    assertThatThrownBy(() -> app.append(Long.MAX_VALUE - 7, null, 2000, 2))
        .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason())
            .isEqualTo(AppendException.Reason.UNKNOWN_REF));
    app.commit();
    assertThat(read(0, 5000, Matcher.metricName("up"))).containsExactly(A + " 1000=1.0 2000=2.0");
  }

  @Test
  void staleMarkersAreStoredBitExact() throws Exception {
    append(A, 1000, 1);
    append(A, 2000, StaleMarker.STALE_NAN);
    try (Querier q = storage.querier(0, 5000)) {
      SeriesSet set = q.select(false, SelectHints.range(0, 5000), List.of(Matcher.metricName("up")));
      assertThat(set.next()).isTrue();
      SampleIterator it = set.at().iterator(null);
      assertThat(it.seek(1500)).isTrue();
      assertThat(it.timestamp()).isEqualTo(2000);
      assertThat(StaleMarker.isStale(it.value())).isTrue();
      assertThat(it.next()).isFalse();
    }
  }

  @Test
  void labelNamesAndValues() throws Exception {
    append(A, 1000, 1);
    append(B, 1000, 1);
    append(C, 1000, 1);
    try (Querier q = storage.querier(0, 5000)) {
      assertThat(q.labelNames(List.of())).containsExactly("__name__", "code", "instance", "job");
      assertThat(q.labelValues("job", List.of())).containsExactly("api", "db");
      assertThat(q.labelValues("job", List.of(Matcher.metricName("requests_total")))).containsExactly("api");
      assertThat(q.labelNames(List.of(Matcher.metricName("up")))).containsExactly("__name__", "instance", "job");
    }
    try (Querier q = storage.querier(2000, 5000)) {
      assertThat(q.labelValues("job", List.of())).isEmpty();
    }
  }

  @Test
  void seekNeverMovesBackwards() throws Exception {
    for (long t = 1000; t <= 5000; t += 1000) {
      append(A, t, t);
    }
    try (Querier q = storage.querier(0, 10000)) {
      SeriesSet set = q.select(false, SelectHints.range(0, 10000), List.of(Matcher.metricName("up")));
      assertThat(set.next()).isTrue();
      SampleIterator it = set.at().iterator(null);
      assertThat(it.seek(3000)).isTrue();
      assertThat(it.timestamp()).isEqualTo(3000);
      assertThat(it.seek(1000)).isTrue();
      assertThat(it.timestamp()).isEqualTo(3000);
      assertThat(it.next()).isTrue();
      assertThat(it.timestamp()).isEqualTo(4000);
      assertThat(it.seek(6000)).isFalse();
    }
  }
}
