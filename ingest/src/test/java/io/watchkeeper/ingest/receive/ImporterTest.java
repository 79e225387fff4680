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
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImporterTest {
  @TempDir Path spoolDir;
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

  private static Importer.Result importText(Importer importer, String body, String contentType) throws ImportException, IOException {
    return importer.importFrom(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), contentType);
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
    Importer importer = new Importer(counting, Importer.Options.DEFAULT.withBatchSize(2).withMaxBodyBytes(0));
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
    Importer importer = new Importer(counting, Importer.Options.DEFAULT.withBatchSize(1).withMaxBodyBytes(0));
    assertThatThrownBy(() -> importText(importer, "a 1 1000\nb 2 1000\nc 3\n", null))
        .isInstanceOf(ImportException.class)
        .hasMessage("line 3: sample of c has no timestamp; every imported sample needs one")
        .satisfies(e -> assertThat(((ImportException) e).line()).isEqualTo(3));
    assertThat(db.seriesCount()).isZero();
    assertThat(commits.get()).isZero();
  }

  @Test
  void malformedBodyIsRejectedWithLineAndColumnBeforeAnythingIsStored() {
    Importer importer = new Importer(counting, Importer.Options.DEFAULT.withBatchSize(1).withMaxBodyBytes(0));
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
    Importer importer = new Importer(db, Importer.Options.DEFAULT.withBatchSize(100).withMaxBodyBytes(20));
    assertThat(importer.importFrom(new ByteArrayInputStream("a 1 1000\n".getBytes(StandardCharsets.UTF_8)), null).samplesImported()).isEqualTo(1);
    assertThatThrownBy(() -> importer.importFrom(new ByteArrayInputStream("a 1 1000\nb 1 1000\nc 1 1000\n".getBytes(StandardCharsets.UTF_8)), null))
        .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.kind()).isEqualTo(ImportException.Kind.TOO_LARGE))
        .hasMessage("import body exceeds the limit of 20 bytes");
  }

  @Test
  void strictModeAppliesTheFamilyRules() {
    Importer importer = new Importer(db, Importer.Options.DEFAULT.withBatchSize(100).withStrict(true));
    assertThatThrownBy(() -> importText(importer, "# TYPE a counter\na_total -1 1\n# EOF\n", "application/openmetrics-text"))
        .hasMessageContaining("cannot be negative");
  }

  @Test
  void emptyBodyImportsNothing() throws Exception {
    assertThat(importText(new Importer(db, Importer.Options.DEFAULT), "", null).samplesImported()).isZero();
  }

  /** A small buffer, so that these bodies take many parts and are spooled. */
  private Importer.Options streaming(int bufferBytes, int batchSize) {
    return Importer.Options.DEFAULT.withBufferBytes(bufferBytes).withBatchSize(batchSize).withSpoolDir(spoolDir);
  }

  private List<Path> spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(spoolDir)) {
      return files.toList();
    }
  }

  @Test
  void aBodyLongerThanTheBufferIsStreamedThroughASpoolFileWithTheSameOutcome() throws Exception {
    String body = """
        # HELP http_requests_total Requests.
        # TYPE http_requests_total counter
        http_requests_total{code="200"} 1 1000
        http_requests_total{code="200"} 2 2000
        http_requests_total{code="500"} 1 1000
        http_requests_total{code="200"} 3 3000
        http_requests_total{code="200"} 3 3000
        temp 21.5 1500
        temp 21.0 1000
        """;
    Importer.Result r = importText(new Importer(counting, streaming(64, 2)), body, "text/plain");

    assertThat(r.samplesImported()).isEqualTo(6); // the repeat is accepted as such
    assertThat(r.series()).isEqualTo(3);
    assertThat(r.rejectionDetails()).containsExactly("line 9: out of order sample");
    assertThat(r.bodyBytes()).isEqualTo(body.length());
    assertThat(r.bufferedBytes()).isEqualTo(64);
    assertThat(samples(Labels.of("__name__", "http_requests_total", "code", "200"))).containsExactly("1000=1.0", "2000=2.0", "3000=3.0");
    assertThat(spoolFiles()).as("the spool file is deleted").isEmpty();
  }

  @Test
  void openMetricsEndsWithEofInWhicheverPartItFalls() throws Exception {
    StringBuilder om = new StringBuilder("# TYPE job_runs counter\n");
    for (int i = 0; i < 50; i++) {
      om.append("job_runs_total{job=\"nightly\"} ").append(i).append(' ').append(1_700_000_000 + i).append('\n');
    }
    Importer importer = new Importer(db, streaming(128, 7));
    assertThat(importText(importer, om + "# EOF\n", "application/openmetrics-text").samplesImported()).isEqualTo(50);
    assertThatThrownBy(() -> importText(importer, om + "# EOF\nlate 1 1\n", "application/openmetrics-text"))
        .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.line()).isEqualTo(53))
        .hasMessageContaining("unexpected data after \"# EOF\"");
    assertThatThrownBy(() -> importText(importer, om.toString(), "application/openmetrics-text"))
        .hasMessageContaining("line 52, column 1: unexpected end of input");
  }

  @Test
  void aDefectDeepInALargeBodyIsFoundBeforeAnythingIsStored() throws Exception {
    RecordingStorage storage = new RecordingStorage();
    Importer importer = new Importer(storage, streaming(4096, 100));
    long bad = 150_000; // some 7 MB into the body
    InputStream body = new GeneratedBody(100, 2000, bad, "gen_metric{series=\"x\"} 1\n");

    assertThatThrownBy(() -> importer.importFrom(body, null))
        .isInstanceOfSatisfying(ImportException.class, e -> {
          assertThat(e.kind()).isEqualTo(ImportException.Kind.INVALID);
          assertThat(e.line()).isEqualTo(bad);
        })
        .hasMessage("line 150000: sample of gen_metric has no timestamp; every imported sample needs one");
    assertThat(storage.commits).isZero();
    assertThat(spoolFiles()).isEmpty();

    InputStream malformed = new GeneratedBody(100, 2000, bad, "gen_metric{series=\"x\" 1 1\n");
    assertThatThrownBy(() -> importer.importFrom(malformed, null))
        .isInstanceOfSatisfying(ImportException.class, e -> {
          assertThat(e.line()).isEqualTo(bad);
          assertThat(e.column()).isEqualTo(23);
        })
        .hasMessageContaining("line 150000, column 23: expected ',' or '}'");
    assertThat(storage.commits).isZero();
  }

  @Test
  void aLineLongerThanTheBufferIsAnErrorNamingIt() {
    Importer importer = new Importer(counting, streaming(64, 10));
    String longLine = "m{a=\"" + "x".repeat(100) + "\"} 1 1000\n";

    assertThatThrownBy(() -> importText(importer, "ok 1 1000\n" + longLine, null))
        .isInstanceOfSatisfying(ImportException.class, e -> {
          assertThat(e.kind()).isEqualTo(ImportException.Kind.INVALID);
          assertThat(e.line()).isEqualTo(2);
        })
        .hasMessage("line 2 is longer than the limit of 64 bytes");
    assertThat(db.seriesCount()).isZero();
    assertThat(commits.get()).isZero();
  }

  @Test
  void theSizeLimitIsCheckedWhileStreaming() {
    RecordingStorage storage = new RecordingStorage();
    Importer importer = new Importer(storage, streaming(4096, 100).withMaxBodyBytes(1 << 20));
    GeneratedBody body = new GeneratedBody(100, 10_000); // ~45 MB if read to the end

    assertThatThrownBy(() -> importer.importFrom(body, null))
        .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.kind()).isEqualTo(ImportException.Kind.TOO_LARGE))
        .hasMessage("import body exceeds the limit of 1048576 bytes");
    assertThat(body.bytesRead()).as("stops reading at the limit").isLessThanOrEqualTo((1 << 20) + 4096);
    assertThat(storage.commits).isZero();
  }

  @Test
  void aBodyThatCannotBeReadStoresNothing() {
    RecordingStorage storage = new RecordingStorage();
    Importer importer = new Importer(storage, streaming(4096, 100));
    InputStream broken = new InputStream() {
      private final GeneratedBody body = new GeneratedBody(10, 10_000);

      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (body.bytesRead() > 100_000) {
          throw new IOException("connection reset");
        }
        return body.read(b, off, len);
      }
    };

    assertThatThrownBy(() -> importer.importFrom(broken, null)).isInstanceOf(IOException.class).hasMessage("connection reset");
    assertThat(storage.commits).isZero();
  }

  @Test
  void aStorageFailureStopsTheImportAndSaysHowManySamplesWereStoredBefore() throws Exception {
    RecordingStorage storage = new RecordingStorage();
    storage.failingCommit = 3;
    Importer importer = new Importer(storage, streaming(4096, 1000));

    assertThatThrownBy(() -> importer.importFrom(new GeneratedBody(10, 1000), null))
        .isInstanceOfSatisfying(ImportException.class, e -> {
          assertThat(e.kind()).isEqualTo(ImportException.Kind.FAILED);
          assertThat(e.samplesImported()).isEqualTo(2000);
          assertThat(e.getCause()).isInstanceOf(io.watchkeeper.storage.StorageException.class);
        })
        .hasMessage("cannot store imported samples after 2000 were stored: cannot write WAL segment 00000042: No space left on device");
    assertThat(storage.committed).isEqualTo(2000);
    assertThat(spoolFiles()).isEmpty();
  }

  @Test
  void aSpoolFileThatCannotBeCreatedFailsTheImportBeforeAnythingIsStored() throws Exception {
    Path notADirectory = Files.createFile(spoolDir.resolve("file"));
    RecordingStorage storage = new RecordingStorage();
    Importer importer = new Importer(storage, streaming(4096, 100).withSpoolDir(notADirectory));

    assertThatThrownBy(() -> importer.importFrom(new GeneratedBody(10, 1000), null))
        .isInstanceOfSatisfying(ImportException.class, e -> {
          assertThat(e.kind()).isEqualTo(ImportException.Kind.FAILED);
          assertThat(e.samplesImported()).isZero();
        })
        .hasMessageStartingWith("cannot spool the import body to " + notADirectory + ": ");
    assertThat(storage.commits).isZero();
    // A body that fits in the buffer needs no spool file.
    assertThat(importText(importer, "a 1 1000\n", null).samplesImported()).isEqualTo(1);
  }

  @Test
  void seriesTheStorageForgotAreAppendedByLabelsAgain() throws Exception {
    RecordingStorage storage = new RecordingStorage();
    storage.forgetRefsOnCommit = true;
    Importer.Result r = new Importer(storage, streaming(4096, 50)).importFrom(new GeneratedBody(10, 100), null);

    assertThat(r.samplesImported()).isEqualTo(1000);
    assertThat(r.rejected()).isEmpty();
    assertThat(storage.committed).isEqualTo(1000);
    assertThat(storage.appendsByLabels).isEqualTo(20 * 10); // each series once per batch
  }

  /**
   * The memory bound: a generated stream ten times larger uses the same buffer, holds the same
   * number of samples before a commit, and leaves the same heap in use in the middle of the
   * import. Measured, not timed: buffered bytes, pending samples, and the heap after a full GC
   * at the middle commit (the old importer held the whole body, 50 MB more for the larger one).
   */
  @Test
  void memoryDoesNotGrowWithTheBody() throws Exception {
    Measured small = importGenerated(100, 1_200); // ~5 MB
    Measured large = importGenerated(100, 12_000); // ~53 MB

    assertThat(large.result.bodyBytes()).isGreaterThan(10 * small.result.bodyBytes() - 1_000_000).isGreaterThan(50_000_000);
    assertThat(large.result.samplesImported()).isEqualTo(1_200_000);
    assertThat(small.result.bufferedBytes()).isEqualTo(large.result.bufferedBytes()).isEqualTo(16 * 1024);
    assertThat(small.mostPending).isEqualTo(large.mostPending).isEqualTo(1000);
    assertThat(large.heapMidImport - small.heapMidImport).as("heap in use mid-import, large minus small").isLessThan(8L << 20);
  }

  private record Measured(Importer.Result result, int mostPending, long heapMidImport) {}

  private Measured importGenerated(int series, int steps) throws Exception {
    RecordingStorage storage = new RecordingStorage();
    long middle = (long) series * steps / 1000 / 2;
    long[] heap = {0};
    storage.onCommit = () -> {
      if (storage.commits == middle) {
        heap[0] = heapUsedAfterGc();
      }
    };
    Importer.Result r = new Importer(storage, streaming(16 * 1024, 1000)).importFrom(new GeneratedBody(series, steps), null);
    return new Measured(r, storage.mostPending, heap[0]);
  }

  private static long heapUsedAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
