package io.watchkeeper.storage.tsdb.wal;

import io.watchkeeper.storage.tsdb.encoding.Decbuf;
import io.watchkeeper.storage.tsdb.encoding.Encbuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WAL checkpoint (Prometheus {@code wlog.Checkpoint}): the records of segments up to some
 * number, and of the previous checkpoint, filtered down to what the head still needs, written to
 * {@code checkpoint.NNNNNNNN/} in the WAL directory so the segments can be deleted. Kept: series
 * records of series the head still has; in-order samples at or after the head's new minimum time;
 * out-of-order samples not yet persisted (by the {@link WalRecords#OOO_DETACH} and {@link
 * WalRecords#OOO_COMPACTED} markers, whose effect is kept). Written to a
 * {@code .tmp} directory, synced and renamed, so a crash leaves either the old or the new checkpoint.
 * Stateless.
 */
public final class Checkpoint {
  private static final Logger log = LoggerFactory.getLogger(Checkpoint.class);
  private static final String PREFIX = "checkpoint.";

  private Checkpoint() {}

  /** A checkpoint directory and the last segment it covers. */
  public record Ref(Path dir, int lastSegment) {}

  /** The newest complete checkpoint in {@code walDir}, if any. */
  public static Optional<Ref> latest(Path walDir) throws IOException {
    Ref best = null;
    for (Ref r : all(walDir)) {
      if (best == null || r.lastSegment() > best.lastSegment()) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  private static List<Ref> all(Path walDir) throws IOException {
    List<Ref> out = new ArrayList<>();
    if (!Files.isDirectory(walDir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, PREFIX + "*")) {
      for (Path p : ds) {
        String suffix = p.getFileName().toString().substring(PREFIX.length());
        if (suffix.length() == 8 && suffix.chars().allMatch(Character::isDigit) && Files.isDirectory(p)) {
          out.add(new Ref(p, Integer.parseInt(suffix)));
        }
      }
    }
    return out;
  }

  /**
   * Writes a checkpoint covering the previous checkpoint and segments up to {@code last}, then
   * deletes them.
   *
   * @param keepSeries whether the head still has a series
   * @param minT in-order samples before this are in blocks and dropped
   * @return records kept and dropped, for logging
   */
  public static Stats create(Path walDir, int last, IntPredicate keepSeries, long minT, long segmentBytes)
      throws IOException {
    Optional<Ref> prev = latest(walDir);
    List<Path> inputs = new ArrayList<>();
    if (prev.isPresent()) {
      inputs.addAll(Segments.from(prev.get().dir(), 0));
    }
    int from = prev.map(r -> r.lastSegment() + 1).orElse(0);
    for (Path p : Segments.from(walDir, from)) {
      if (Integer.parseInt(p.getFileName().toString()) <= last) {
        inputs.add(p);
      }
    }
    Path tmp = walDir.resolve(PREFIX + Segments.name(last) + ".tmp");
    deleteRecursively(tmp);
    Filter f = new Filter(keepSeries, minT);
    try (Wal out = Wal.open(tmp, segmentBytes, null)) {
      for (Path in : inputs) {
        f.copy(in, out);
      }
      f.flushOoo(out);
    }
    fsyncDir(tmp);
    Path dst = walDir.resolve(PREFIX + Segments.name(last));
    deleteRecursively(dst);
    Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
    fsyncDir(walDir);
    // Older checkpoints and the covered segments are now redundant.
    for (Ref r : all(walDir)) {
      if (r.lastSegment() < last) {
        deleteRecursively(r.dir());
      }
    }
    for (int n : Segments.list(walDir)) {
      if (n <= last) {
        Files.deleteIfExists(walDir.resolve(Segments.name(n)));
      }
    }
    return new Stats(f.kept, f.dropped);
  }

  /** Records (series entries and samples) kept and dropped by a checkpoint. */
  public record Stats(long kept, long dropped) {}

  /** Filters records, holding back out-of-order samples until it knows no marker follows them. */
  private static final class Filter {
    private final IntPredicate keepSeries;
    private final long minT;
    private final Encbuf enc = new Encbuf(1 << 16);
    private final Encbuf entry = new Encbuf(256);
    private final SampleBuf inOrder = new SampleBuf();
    private final SampleBuf ooo = new SampleBuf();
    private final SampleBuf oooCompacting = new SampleBuf();
    long kept;
    long dropped;

    Filter(IntPredicate keepSeries, long minT) {
      this.keepSeries = keepSeries;
      this.minT = minT;
    }

    void copy(Path segment, Wal out) throws IOException {
      try (WalReader r = new WalReader(segment)) {
        while (r.next()) {
          byte[] b = r.buffer();
          int off = r.recordOffset();
          int len = r.length();
          switch (b[off]) {
            case WalRecords.SERIES -> copySeries(b, off, len, out);
            case WalRecords.SAMPLES -> copyInOrder(b, off, len, out);
            case WalRecords.OOO_SAMPLES -> WalRecords.decodeSamples(b, off, len, (id, t, v) -> {
              if (keepSeries.test(id)) {
                ooo.add(id, t, v);
              } else {
                dropped++;
              }
            });
            case WalRecords.OOO_DETACH -> {
              for (int i = 0; i < ooo.n; i++) {
                oooCompacting.add(ooo.ids[i], ooo.ts[i], ooo.vs[i]);
              }
              ooo.n = 0;
            }
            case WalRecords.OOO_COMPACTED -> {
              dropped += oooCompacting.n;
              oooCompacting.n = 0;
            }
            default -> log.atWarn().addKeyValue("segment", segment).addKeyValue("type", b[off])
                .log("unknown WAL record type skipped by checkpoint");
          }
        }
      } catch (WalCorruptionException e) {
        // Replay truncated torn tails before any checkpoint runs, so this is damage at rest.
        throw new IOException("cannot checkpoint WAL: " + e.getMessage(), e);
      }
    }

    private void copySeries(byte[] b, int off, int len, Wal out) {
      Decbuf d = new Decbuf(b, off + 1, len - 1);
      enc.reset();
      enc.putByte(WalRecords.SERIES);
      while (d.remaining() > 0) {
        int n = d.getUvarint32();
        int start = d.position();
        int id = new Decbuf(b, start, n).getUvarint32();
        d.position(start + n);
        if (keepSeries.test(id)) {
          enc.putUvarint(n);
          enc.putBytes(b, start, n);
          kept++;
        } else {
          dropped++;
        }
      }
      if (enc.length() > 1) {
        out.log(enc.array(), 0, enc.length());
      }
    }

    private void copyInOrder(byte[] b, int off, int len, Wal out) {
      inOrder.n = 0;
      WalRecords.decodeSamples(b, off, len, (id, t, v) -> {
        if (t >= minT && keepSeries.test(id)) {
          inOrder.add(id, t, v);
        } else {
          dropped++;
        }
      });
      kept += inOrder.n;
      inOrder.writeTo(out, enc, WalRecords.SAMPLES);
    }

    void flushOoo(Wal out) {
      kept += ooo.n + oooCompacting.n;
      if (oooCompacting.n > 0) {
        oooCompacting.writeTo(out, enc, WalRecords.OOO_SAMPLES);
        out.log(new byte[] {WalRecords.OOO_DETACH}, 0, 1);
      }
      ooo.writeTo(out, enc, WalRecords.OOO_SAMPLES);
    }
  }

  /** Parallel arrays of samples. */
  private static final class SampleBuf {
    int[] ids = new int[1024];
    long[] ts = new long[1024];
    double[] vs = new double[1024];
    int n;

    void add(int id, long t, double v) {
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, n * 2);
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
      }
      ids[n] = id;
      ts[n] = t;
      vs[n] = v;
      n++;
    }

    void writeTo(Wal out, Encbuf enc, byte type) {
      // 100k samples per record keeps records far below Wal.MAX_RECORD (at most 29 bytes each).
      for (int from = 0; from < n; from += 100_000) {
        enc.reset();
        WalRecords.encodeSamples(enc, type, ids, ts, vs, from, Math.min(n, from + 100_000));
        out.log(enc.array(), 0, enc.length());
      }
    }
  }

  /** Forces a directory's entries (new and renamed files) to disk. */
  public static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories; their renames are durable anyway.
      log.atDebug().addKeyValue("dir", dir).setCause(e).log("directory fsync not supported");
    }
  }

  /** Deletes a file or directory tree if present. */
  public static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
