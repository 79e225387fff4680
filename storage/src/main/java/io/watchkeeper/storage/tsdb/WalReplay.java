package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.tsdb.chunk.XorIterator;
import io.watchkeeper.storage.tsdb.encoding.CorruptDataException;
import io.watchkeeper.storage.tsdb.wal.Checkpoint;
import io.watchkeeper.storage.tsdb.wal.Segments;
import io.watchkeeper.storage.tsdb.wal.WalCorruptionException;
import io.watchkeeper.storage.tsdb.wal.WalReader;
import io.watchkeeper.storage.tsdb.wal.WalRecords;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the head at startup (Prometheus {@code Head.Init}): full chunks from the head-chunk
 * files, then the latest WAL checkpoint and the segments after it. Samples already in blocks or in
 * restored chunks are skipped, which bounds replay to decoding the WAL (at most about one and a half
 * block ranges of samples, see {@code storage/docs/tsdb.md}) plus re-encoding the open chunks.
 *
 * <p>A torn or corrupt record (a crash mid-write) ends the replay of that segment: the segment is
 * truncated there, later segments are deleted, and a warning says how much was dropped. The data
 * lost is at most what was written after the last WAL sync. Single-threaded.
 */
final class WalReplay {
  private static final Logger log = LoggerFactory.getLogger(WalReplay.class);
  private static final long PROGRESS_EVERY_MILLIS = 5_000;

  private final Head head;
  private final Path walDir;
  private final int writerSegment;
  private final long minValidTime;
  private final InstantSource clock;
  private final Map<Integer, long[]> mmapped;
  private final HeadChunkFiles.Snapshot files;
  private final Map<Integer, HeadSeries> aliases = new HashMap<>();
  /** Newest time covered by chunks restored from the head-chunk files, per series id. */
  private final Map<Integer, Long> restoredUpTo = new HashMap<>();
  private long unknownRefs;
  private long samples;
  private long bytesDone;
  private long bytesTotal;
  private long lastProgress;
  private final long started;
  private byte[] scratch = new byte[512];

  private WalReplay(Head head, Path walDir, int writerSegment, long minValidTime, InstantSource clock,
      Map<Integer, long[]> mmapped) {
    this.head = head;
    this.writerSegment = writerSegment;
    this.walDir = walDir;
    this.minValidTime = minValidTime;
    this.clock = clock;
    this.mmapped = mmapped;
    this.files = head.chunkFiles.snapshot();
    this.started = clock.millis();
    this.lastProgress = started;
  }

  /** Collects head chunks found on disk, per series, as triples (minT, maxT, ref). */
  static final class MmappedCollector implements HeadChunkFiles.ChunkVisitor {
    final Map<Integer, long[]> bySeries = new HashMap<>();
    private final long minValidTime;

    MmappedCollector(long minValidTime) {
      this.minValidTime = minValidTime;
    }

    @Override
    public void chunk(int seriesId, long minT, long maxT, long ref) {
      if (maxT < minValidTime) {
        return; // persisted in a block already
      }
      long[] a = bySeries.get(seriesId);
      int n = a == null ? 0 : (int) a[0];
      if (a == null || 1 + (n + 1) * 3 > a.length) {
        a = a == null ? new long[1 + 3 * 4] : Arrays.copyOf(a, a.length * 2);
        bySeries.put(seriesId, a);
      }
      a[1 + n * 3] = minT;
      a[2 + n * 3] = maxT;
      a[3 + n * 3] = ref;
      a[0] = n + 1;
    }
  }

  /**
   * Replays the WAL in {@code walDir} into {@code head}.
   *
   * @param writerSegment the segment the WAL writer just started: it and later ones are not read
   * @param mmapped chunks found in the head-chunk files, by series ({@link MmappedCollector})
   * @param corruptions called once per corrupt segment found
   */
  static void replay(Head head, Path walDir, int writerSegment, long minValidTime, InstantSource clock,
      Map<Integer, long[]> mmapped, Runnable corruptions) throws IOException {
    new WalReplay(head, walDir, writerSegment, minValidTime, clock, mmapped).run(corruptions);
  }

  private void run(Runnable corruptions) throws IOException {
    Optional<Checkpoint.Ref> cp = Checkpoint.latest(walDir);
    List<Path> inputs = new ArrayList<>();
    if (cp.isPresent()) {
      inputs.addAll(Segments.from(cp.get().dir(), 0));
    }
    int from = cp.map(r -> r.lastSegment() + 1).orElse(0);
    for (Path p : Segments.from(walDir, from)) {
      if (Integer.parseInt(p.getFileName().toString()) < writerSegment) {
        inputs.add(p);
      }
    }
    for (Path p : inputs) {
      bytesTotal += Files.size(p);
    }
    if (bytesTotal > 0) {
      log.atInfo()
          .addKeyValue("segments", inputs.size())
          .addKeyValue("bytes", bytesTotal)
          .addKeyValue("checkpoint", cp.map(r -> r.dir().getFileName().toString()).orElse("none"))
          .log("replaying WAL");
    }
    for (int i = 0; i < inputs.size(); i++) {
      Path p = inputs.get(i);
      if (!replaySegment(p)) {
        corruptions.run();
        for (Path later : inputs.subList(i + 1, inputs.size())) {
          log.atWarn().addKeyValue("segment", later).log("deleting WAL segment after a corrupt one");
          Files.deleteIfExists(later);
        }
        break;
      }
    }
    head.replayOooFinish();
    head.initBounds(minValidTime);
    if (unknownRefs > 0) {
      log.atWarn().addKeyValue("samples", unknownRefs).log("WAL samples of unknown series skipped");
    }
    if (bytesTotal > 0) {
      log.atInfo()
          .addKeyValue("samples", samples)
          .addKeyValue("series", head.numSeries())
          .addKeyValue("duration_ms", clock.millis() - started)
          .log("WAL replay done");
    }
  }

  /** Replays one file; on corruption truncates it and returns false. */
  private boolean replaySegment(Path p) throws IOException {
    long base = bytesDone;
    try (WalReader r = new WalReader(p)) {
      try {
        while (r.next()) {
          record(r.buffer(), r.recordOffset(), r.length());
          bytesDone = base + r.offset();
          progress();
        }
        bytesDone = base + r.size();
        return true;
      } catch (WalCorruptionException e) {
        log.atWarn()
            .addKeyValue("segment", p)
            .addKeyValue("offset", e.offset())
            .addKeyValue("bytes_dropped", r.size() - e.offset())
            .addKeyValue("reason", e.getMessage())
            .log("WAL has a torn or corrupt record: truncating it there (data after the last sync may be lost)");
        truncate(p, e.offset());
        return false;
      } catch (CorruptDataException e) {
        log.atWarn()
            .addKeyValue("segment", p)
            .addKeyValue("offset", r.recordStart())
            .addKeyValue("reason", e.getMessage())
            .log("WAL record passed its checksum but does not decode: truncating the segment there");
        truncate(p, r.recordStart());
        return false;
      }
    }
  }

  private static void truncate(Path p, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.truncate(offset);
      ch.force(true);
    }
  }

  private void progress() {
    long now = clock.millis();
    if (now - lastProgress >= PROGRESS_EVERY_MILLIS) {
      lastProgress = now;
      log.atInfo()
          .addKeyValue("percent", bytesTotal == 0 ? 100 : (int) (100 * bytesDone / bytesTotal))
          .addKeyValue("samples", samples)
          .addKeyValue("series", head.numSeries())
          .log("WAL replay progress");
    }
  }

  private void record(byte[] b, int off, int len) {
    switch (b[off]) {
      case WalRecords.SERIES -> WalRecords.decodeSeries(b, off, len, head::internString, this::series);
      case WalRecords.SAMPLES -> WalRecords.decodeSamples(b, off, len, this::inOrder);
      case WalRecords.OOO_SAMPLES -> WalRecords.decodeSamples(b, off, len, this::outOfOrder);
      case WalRecords.OOO_DETACH -> head.replayOooDetach();
      case WalRecords.OOO_COMPACTED -> head.replayOooCompacted();
      default -> throw new CorruptDataException("unknown WAL record type " + b[off]);
    }
  }

  private void series(int id, io.watchkeeper.model.Labels labels) {
    HeadSeries s = head.createWithId(id, labels);
    if (s.id != id) {
      // The same labels under an older id (the series was removed and created again before the
      // older records were checkpointed away): samples of both ids go to one series.
      aliases.put(id, s);
      return;
    }
    long[] chunks = mmapped.remove(id);
    if (chunks != null) {
      restore(s, chunks);
    }
  }

  private void restore(HeadSeries s, long[] chunks) {
    int n = (int) chunks[0];
    long[][] triples = new long[n][];
    for (int i = 0; i < n; i++) {
      triples[i] = new long[] {chunks[1 + i * 3], chunks[2 + i * 3], chunks[3 + i * 3]};
    }
    Arrays.sort(triples, (x, y) -> Long.compare(x[0], y[0]));
    for (long[] c : triples) {
      head.restoreMmapped(s, c[0], c[1], c[2]);
    }
    long[] last = triples[n - 1];
    s.skipTo(last[1], Double.longBitsToDouble(lastValueBits(last[2])));
    head.table.setLastTimestamp(s.id, last[1]);
    restoredUpTo.put(s.id, last[1]);
  }

  private long lastValueBits(long ref) {
    int len = HeadChunkFiles.refLength(ref);
    if (scratch.length < len) {
      scratch = new byte[len * 2];
    }
    HeadChunkFiles.read(files, ref, scratch);
    XorIterator it = new XorIterator().reset(scratch, 0, len);
    long bits = 0;
    while (it.next()) {
      bits = it.valueBits();
    }
    return bits;
  }

  private @Nullable HeadSeries lookup(int id) {
    HeadSeries s = head.table.get(id);
    return s != null ? s : aliases.get(id);
  }

  private void inOrder(int id, long t, double v) {
    HeadSeries s = lookup(id);
    if (s == null) {
      unknownRefs++;
      return;
    }
    samples++;
    if (s.hasInOrder() && t <= s.lastTimestamp()) {
      Long restored = restoredUpTo.get(s.id);
      if ((restored != null && t <= restored) || t == s.lastTimestamp() || t < minValidTime) {
        return; // in a restored chunk, a repeat, or persisted
      }
      // Two commits of the same series ran concurrently and logged in the other order than they
      // applied: this sample was in order when applied. Keep it, as an out-of-order one.
      head.replayOoo(s, t, v);
      return;
    }
    if (t < minValidTime) {
      head.skipInOrder(s, t, v);
      return;
    }
    head.replayInOrder(s, t, v);
  }

  private void outOfOrder(int id, long t, double v) {
    HeadSeries s = lookup(id);
    if (s == null) {
      unknownRefs++;
      return;
    }
    samples++;
    head.replayOoo(s, t, v);
  }
}
