package io.watchkeeper.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ImporterTest {
  private final InMemoryStorage db = new InMemoryStorage();
  private final AtomicInteger commits = new AtomicInteger();
  private final io.watchkeeper.storage.Appendable counting = () -> {
    Appender a = db.appender();
    return new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) throws AppendException {
        return a.append(ref, labels, t, v);
      }

      @Override
      public void commit() {
        commits.incrementAndGet();
        a.commit();
      }

      @Override
      public void rollback() {
        a.rollback();
      }
    };
  };

  private Importer.Result importText(Importer importer, String body, String contentType) throws ImportException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return importer.importBody(b, b.length, contentType);
  }

  /** Timestamps and values of one series, as "t=v". */
  private List<String> samples(Labels labels) {
    List<String> out = new ArrayList<>();
    List<Matcher> ms = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      ms.add(Matcher.equal(labels.name(i), labels.value(i)));
    }
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet s = q.select(true, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), ms);
      while (s.next()) {
        if (s.at().labels().equals(labels)) {
          SampleIterator it = s.at().iterator(null);
          while (it.next()) {
            out.add(it.timestamp() + "=" + it.value());
          }
        }
      }
    }
    return out;
  }

  @Test
  void importsTimestampedTextInBatches() throws Exception {
    Importer importer = new Importer(counting, new Importer.Options(2, 0, false));
    Importer.Result r = importText(importer, """
        # HELP http_requests_total Requests.
        # TYPE http_requests_total counter
        http_requests_total{code="200"} 1 1000
        http_requests_total{code="200"} 2 2000
        http_requests_total{code="500"} 1 1000
        http_requests_total{code="200"} 3 3000
        temp 21.5 1500
        """, "text/plain; version=0.0.4");
    assertThat(r.samplesImported()).isEqualTo(5);
    assertThat(r.series()).isEqualTo(3);
    assertThat(r.rejected()).isEmpty();
    assertThat(commits.get()).isEqualTo(3);
    assertThat(samples(Labels.of("__name__", "http_requests_total", "code", "200"))).containsExactly("1000=1.0", "2000=2.0", "3000=3.0");
    assertThat(samples(Labels.of("__name__", "temp"))).containsExactly("1500=21.5");
  }

  @Test
  void importsOpenMetricsWithTimestampsInSeconds() throws Exception {
    Importer importer = new Importer(db, Importer.Options.DEFAULT);
    Importer.Result r = importText(importer, """
        # TYPE job_runs counter
        job_runs_total{job="nightly"} 4 1700000000
        job_runs_total{job="nightly"} 5 1700000060.5
        # EOF
        """, "application/openmetrics-text; version=1.0.0");
    assertThat(r.samplesImported()).isEqualTo(2);
    assertThat(samples(Labels.of("__name__", "job_runs_total", "job", "nightly")))
        .containsExactly("1700000000000=4.0", "1700000060500=5.0");
  }

  @Test
  void aSampleWithoutTimestampIsAnErrorNamingTheLineAndNothingIsStored() {
    Importer importer = new Importer(counting, new Importer.Options(1, 0, false));
    assertThatThrownBy(() -> importText(importer, "a 1 1000\nb 2 1000\nc 3\n", null))
        .isInstanceOf(ImportException.class)
        .hasMessage("line 3: sample of c has no timestamp; every imported sample needs one")
        .satisfies(e -> assertThat(((ImportException) e).line()).isEqualTo(3));
    assertThat(db.seriesCount()).isZero();
    assertThat(commits.get()).isZero();
  }

  @Test
  void malformedBodyIsRejectedWithLineAndColumnBeforeAnythingIsStored() {
    Importer importer = new Importer(counting, new Importer.Options(1, 0, false));
    assertThatThrownBy(() -> importText(importer, "a 1 1000\nb{x=\"1\"} two 1000\n", null))
        .isInstanceOf(ImportException.class)
        .hasMessage("cannot parse Prometheus text import body: line 2, column 10: invalid value \"two\"")
        .satisfies(e -> {
          assertThat(((ImportException) e).line()).isEqualTo(2);
          assertThat(((ImportException) e).column()).isEqualTo(10);
        });
    assertThat(db.seriesCount()).isZero();
    assertThatThrownBy(() -> importText(importer, "a 1 1\n", "application/openmetrics-text"))
        .hasMessageContaining("OpenMetrics").hasMessageContaining("must end with \"# EOF\"");
  }

  @Test
  void storageRejectionsAreCountedWithTheirLines() throws Exception {
    Importer importer = new Importer(db, Importer.Options.DEFAULT);
    Importer.Result r = importText(importer, """
        a 1 2000
        a 2 1000
        a 3 2000
        b 1 1000
        """, null);
    assertThat(r.samplesImported()).isEqualTo(2);
    assertThat(r.rejected()).containsExactlyInAnyOrderEntriesOf(Map.of(
        AppendException.Reason.OUT_OF_ORDER, 1L, AppendException.Reason.DUPLICATE_SAMPLE, 1L));
    assertThat(r.rejectedTotal()).isEqualTo(2);
    assertThat(r.rejectionDetails()).containsExactly("line 2: out of order sample", "line 3: duplicate sample for timestamp");
  }

  @Test
  void readsStreamsUpToTheLimit() throws Exception {
    Importer importer = new Importer(db, new Importer.Options(100, 20, false));
    assertThat(importer.importFrom(new ByteArrayInputStream("a 1 1000\n".getBytes(StandardCharsets.UTF_8)), null).samplesImported()).isEqualTo(1);
    assertThatThrownBy(() -> importer.importFrom(new ByteArrayInputStream("a 1 1000\nb 1 1000\nc 1 1000\n".getBytes(StandardCharsets.UTF_8)), null))
        .isInstanceOf(ImportException.class).hasMessage("import body exceeds the limit of 20 bytes");
  }

  @Test
  void strictModeAppliesTheFamilyRules() {
    Importer importer = new Importer(db, new Importer.Options(100, 0, true));
    assertThatThrownBy(() -> importText(importer, "# TYPE a counter\na_total -1 1\n# EOF\n", "application/openmetrics-text"))
        .hasMessageContaining("cannot be negative");
  }

  @Test
  void emptyBodyImportsNothing() throws Exception {
    assertThat(importText(new Importer(db, Importer.Options.DEFAULT), "", null).samplesImported()).isZero();
  }
}
