package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.tsdb.wal.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Writes blocks (Prometheus {@code LeveledCompactor}): from a range of the head's in-order data,
 * from the out-of-order head, and by merging blocks; and plans which blocks to merge. Each block is
 * written to {@code <ulid>.tmp}, synced and renamed, so a crash leaves no half block. Called by
 * one thread at a time (the TSDB's compaction lock).
 */
final class Compactor {
  private final Path dataDir;
  private final long blockRange;
  private final long maxBlockMillis;
  private final InstantSource clock;
  private final UnaryOperator<String> intern;

  Compactor(Path dataDir, long blockRange, long maxBlockMillis, InstantSource clock, UnaryOperator<String> intern) {
    this.dataDir = dataDir;
    this.blockRange = blockRange;
    this.maxBlockMillis = maxBlockMillis;
    this.clock = clock;
    this.intern = intern;
  }

  /** Block ranges compaction merges into: 3, 9, 27... block ranges, up to the maximum block length. */
  List<Long> levelRanges() {
    List<Long> out = new ArrayList<>();
    for (long r = blockRange * 3; r <= maxBlockMillis && r > 0; r *= 3) {
      out.add(r);
    }
    return out;
  }

  /** Persists the head's in-order samples in {@code [mint, maxt)}; null if there are none. */
  @Nullable Block writeHeadBlock(Head head, long mint, long maxt) throws IOException {
    List<HeadSeries> all = new ArrayList<>();
    head.table.forEach(all::add);
    all.sort(Comparator.comparing(s -> s.labels));
    HeadReader reader = new HeadReader(head, mint, maxt - 1, true);
    String id = Ulid.next(clock.millis());
    Path tmp = dataDir.resolve(id + ".tmp");
    BlockWriter w = new BlockWriter(tmp, mint, maxt);
    SampleBuffer buf = new SampleBuffer();
    try {
      for (HeadSeries s : all) {
        Series snap = reader.series(s.id);
        if (snap == null) {
          continue;
        }
        buf.clear();
        buf.addAll(snap.iterator(null));
        if (buf.n > 0) {
          w.addSeries(s.labels, buf.ts, buf.vs, buf.n);
        }
      }
      return finish(w, tmp, id, 1, List.of(id), List.of(), maxt, false);
    } finally {
      w.close();
    }
  }

  /**
   * Persists the out-of-order samples the head detached for compaction, in blocks of aligned
   * windows (see {@link #oooWindow}).
   */
  List<Block> writeOooBlocks(Head head, List<HeadSeries> detached, long sealedBefore) throws IOException {
    List<HeadSeries> series = new ArrayList<>(detached);
    series.sort(Comparator.comparing(s -> s.labels));
    List<Labels> labels = new ArrayList<>();
    List<SampleBuffer> data = new ArrayList<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (HeadSeries s : series) {
      // Only the compaction thread (this one) changes the compacting slot: no race to guard.
      OooChunks o = s.oooCompacting;
      if (o == null || o.isEmpty()) {
        continue;
      }
      OooChunks.Snapshot snap = o.snapshot();
      List<SampleIterator> its = new ArrayList<>();
      snap.addIterators(its);
      // Sized to the series' samples: out-of-order data is often a few samples in each of very
      // many series (an import of 100k series), where a default-sized buffer per series would
      // take 4 KB each, 400 MB, instead of 16 bytes per sample held.
      SampleBuffer b = new SampleBuffer(o.samples());
      b.addAll(new MergeSampleIterator(its));
      if (b.n == 0) {
        continue;
      }
      labels.add(s.labels);
      data.add(b);
      min = Math.min(min, b.ts[0]);
      max = Math.max(max, b.ts[b.n - 1]);
    }
    List<Block> out = new ArrayList<>();
    if (labels.isEmpty()) {
      return out;
    }
    int[] cursor = new int[data.size()];
    long lastEnd = Long.MIN_VALUE;
    long p = min;
    while (p <= max) {
      long[] window = oooWindow(p, lastEnd, sealedBefore);
      long start = window[0];
      long end = window[1];
      String id = Ulid.next(clock.millis());
      Path tmp = dataDir.resolve(id + ".tmp");
      BlockWriter writer = new BlockWriter(tmp, start, end);
      long next = Long.MAX_VALUE;
      try {
        for (int i = 0; i < data.size(); i++) {
          SampleBuffer b = data.get(i);
          int from = cursor[i];
          int to = from;
          while (to < b.n && b.ts[to] < end) {
            to++;
          }
          if (to > from) {
            writer.addSeries(labels.get(i), Arrays.copyOfRange(b.ts, from, to), Arrays.copyOfRange(b.vs, from, to), to - from);
          }
          cursor[i] = to;
          if (to < b.n) {
            next = Math.min(next, b.ts[to]);
          }
        }
        Block blk = finish(writer, tmp, id, 1, List.of(id), List.of(), Long.MIN_VALUE, true);
        if (blk != null) {
          out.add(blk);
        }
      } finally {
        writer.close();
      }
      lastEnd = end;
      p = next;
    }
    return out;
  }

  /**
   * The window an out-of-order block starting at sample time {@code p} covers: the largest level
   * range whose aligned window holding {@code p} starts after the previous block and ends before
   * {@code sealedBefore} (nothing in order can land there any more), else one block range. So
   * weeks of imported history become a few large blocks rather than hundreds of small ones that
   * compaction would merge again.
   */
  private long[] oooWindow(long p, long lastEnd, long sealedBefore) {
    List<Long> ranges = levelRanges();
    for (int i = ranges.size() - 1; i >= 0; i--) {
      long r = ranges.get(i);
      long start = Math.floorDiv(p, r) * r;
      if (start >= lastEnd && start + r <= sealedBefore) {
        return new long[] {start, start + r};
      }
    }
    long start = Math.floorDiv(p, blockRange) * blockRange;
    return new long[] {start, start + blockRange};
  }

  /** Merges blocks into one covering all their ranges; null if they hold no samples. */
  @Nullable Block merge(List<Block> in) throws IOException {
    long mint = Long.MAX_VALUE;
    long maxt = Long.MIN_VALUE;
    int level = 0;
    long headMax = Long.MIN_VALUE;
    boolean ooo = true;
    TreeSet<String> sources = new TreeSet<>();
    List<String> parents = new ArrayList<>();
    List<SeriesSet> sets = new ArrayList<>();
    for (Block b : in) {
      b.verifyChunks();
      BlockMeta m = b.meta();
      mint = Math.min(mint, m.minTime());
      maxt = Math.max(maxt, m.maxTime());
      level = Math.max(level, m.level());
      headMax = Math.max(headMax, m.headMaxTime());
      ooo &= m.outOfOrder();
      sources.addAll(m.sources());
      parents.add(m.id());
      sets.add(new TsdbQuerier.BlockSeriesSet(b, b.index().allPostings(), Long.MIN_VALUE, Long.MAX_VALUE));
    }
    String id = Ulid.next(clock.millis());
    Path tmp = dataDir.resolve(id + ".tmp");
    BlockWriter w = new BlockWriter(tmp, mint, maxt);
    SampleBuffer buf = new SampleBuffer();
    try {
      SeriesSet all = new MergeSeriesSet(sets);
      while (all.next()) {
        Series s = all.at();
        buf.clear();
        buf.addAll(s.iterator(null));
        if (buf.n > 0) {
          w.addSeries(s.labels(), buf.ts, buf.vs, buf.n);
        }
      }
      return finish(w, tmp, id, level + 1, List.copyOf(sources), parents, headMax, ooo);
    } finally {
      w.close();
    }
  }

  private @Nullable Block finish(BlockWriter w, Path tmp, String id, int level, List<String> sources,
      List<String> parents, long headMax, boolean ooo) throws IOException {
    if (w.numSeries() == 0) {
      w.close();
      Checkpoint.deleteRecursively(tmp);
      return null;
    }
    w.finish(id, level, sources, parents, headMax, ooo);
    Path dst = dataDir.resolve(id);
    Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
    Checkpoint.fsyncDir(dataDir);
    return Block.open(dst, intern);
  }

  /**
   * The next blocks to merge, or an empty list: first any blocks whose ranges overlap (out-of-order
   * data, flushes); then, from the smallest level range up, two or more blocks within one aligned
   * window of that range that nothing can be added to any more (it ends at or before {@code
   * sealedBefore}).
   */
  List<Block> plan(List<Block> blocks, long sealedBefore) {
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()).thenComparingLong(b -> b.meta().maxTime()));
    List<Block> group = new ArrayList<>();
    long groupEnd = Long.MIN_VALUE;
    for (Block b : sorted) {
      if (!group.isEmpty() && b.meta().minTime() < groupEnd) {
        group.add(b);
        groupEnd = Math.max(groupEnd, b.meta().maxTime());
        continue;
      }
      if (group.size() > 1) {
        return group;
      }
      group = new ArrayList<>(List.of(b));
      groupEnd = b.meta().maxTime();
    }
    if (group.size() > 1) {
      return group;
    }
    for (long r : levelRanges()) {
      List<Block> window = new ArrayList<>();
      long w = Long.MIN_VALUE;
      for (Block b : sorted) {
        long bw = Math.floorDiv(b.meta().minTime(), r);
        boolean fits = b.meta().maxTime() <= (bw + 1) * r && b.meta().maxTime() - b.meta().minTime() < r;
        if (!fits) {
          if (window.size() > 1 && (w + 1) * r <= sealedBefore) {
            return window;
          }
          window = new ArrayList<>();
          w = Long.MIN_VALUE;
          continue;
        }
        if (bw != w) {
          if (window.size() > 1 && (w + 1) * r <= sealedBefore) {
            return window;
          }
          window = new ArrayList<>();
          w = bw;
        }
        window.add(b);
      }
      if (window.size() > 1 && (w + 1) * r <= sealedBefore) {
        return window;
      }
    }
    return List.of();
  }
}
