package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.tsdb.index.IndexView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the head over a time range for one querier: its index, and series snapshots whose
 * iterators decode without locks. In-order data before the head's read boundary is skipped (blocks
 * serve it); out-of-order data is read whole. Holds a snapshot of the head-chunk files, so
 * truncation cannot delete a file under it. Used by one thread.
 */
final class HeadReader implements IndexView {
  private final Head head;
  private final long mint;
  private final long maxt;
  private final long inOrderMin;
  private final HeadChunkFiles.Snapshot files;
  private final boolean inOrderOnly;

  HeadReader(Head head, long mint, long maxt) {
    this(head, mint, maxt, false);
  }

  /** A reader of in-order data only, if {@code inOrderOnly} (compaction into blocks). */
  HeadReader(Head head, long mint, long maxt, boolean inOrderOnly) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
    this.inOrderMin = Math.max(mint, head.readMinTime());
    this.files = head.chunkFiles.snapshot();
    this.inOrderOnly = inOrderOnly;
  }

  /** Whether the head may hold samples in {@code [mint, maxt]}. */
  static boolean overlaps(Head head, long mint, long maxt) {
    boolean inOrder = head.hasInOrderData() && head.minTime() <= maxt && head.maxTime() >= mint;
    boolean ooo = head.oooMinTime() <= maxt && head.oooMaxTime() >= mint;
    return inOrder || ooo;
  }

  @Override
  public List<String> labelNames() {
    return head.postings.labelNames();
  }

  @Override
  public List<String> labelValues(String name) {
    return head.postings.labelValues(name);
  }

  @Override
  public int[] postings(String name, String value) {
    return head.postings.postings(name, value);
  }

  @Override
  public int[] postings(String name, List<String> values) {
    return head.postings.postings(name, values);
  }

  @Override
  public int[] allPostings() {
    return head.postings.allPostings();
  }

  /** The labels of series {@code id}, or null if it is gone. */
  @Nullable Labels labels(int id) {
    HeadSeries s = head.table.get(id);
    return s == null ? null : s.labels;
  }

  /** A snapshot of series {@code id} in the range, or null if it has no samples there. */
  @Nullable Series series(int id) {
    HeadSeries s = head.table.get(id);
    if (s == null) {
      return null;
    }
    while (true) {
      int stamp = s.readBegin();
      if ((stamp & 1) == 0) {
        try {
          Series snap = snapshot(s);
          if (s.readValid(stamp)) {
            return snap;
          }
        } catch (RuntimeException e) {
          if (s.readValid(stamp)) {
            throw e; // a real failure, not a torn read
          }
        }
      }
      Thread.onSpinWait();
    }
  }

  /** Copies what a reader needs; may see a torn state (the caller validates and retries). */
  private @Nullable Series snapshot(HeadSeries s) {
    // In-order chunks overlapping [inOrderMin, maxt]: chunk i spans [start_i, start_{i+1}).
    int openCount = s.count();
    long openMin = openCount > 0 ? s.firstTimestamp() : Long.MAX_VALUE;
    long last = s.lastTimestamp();
    int n = s.mmappedCount();
    long[] mm = s.mmapped;
    int first = 0;
    while (first < n) {
      long end = first + 1 < n ? mm[(first + 1) * 2] : openCount > 0 ? openMin : last + 1;
      if (end > inOrderMin) {
        break;
      }
      first++;
    }
    int lastIdx = first;
    while (lastIdx < n && mm[lastIdx * 2] <= maxt) {
      lastIdx++;
    }
    boolean inOrderHit = last >= inOrderMin && (lastIdx > first || (openCount > 0 && openMin <= maxt));
    long[] refs = inOrderHit ? Arrays.copyOfRange(mm, first * 2, lastIdx * 2) : EMPTY;
    boolean withOpen = inOrderHit && openCount > 0 && openMin <= maxt;
    List<OooChunks.Snapshot> ooo = null;
    for (OooChunks o : new OooChunks[] {s.ooo, s.oooCompacting}) {
      if (!inOrderOnly && o != null && !o.isEmpty() && o.minTime() <= maxt && o.maxTime() >= mint) {
        if (ooo == null) {
          ooo = new ArrayList<>(2);
        }
        ooo.add(o.snapshot());
      }
    }
    if (refs.length == 0 && !withOpen && ooo == null) {
      return null;
    }
    return new HeadSeriesSnapshot(s.labels, refs, withOpen ? s.buffer() : null, withOpen ? s.byteLength() : 0,
        withOpen ? openCount : 0, openMin, ooo);
  }

  private static final long[] EMPTY = new long[0];

  /** A head series as a querier sees it. */
  private final class HeadSeriesSnapshot implements Series {
    private final Labels labels;
    private final long[] refs;
    private final byte @Nullable [] open;
    private final int openLen;
    private final int openCount;
    private final long openMin;
    private final @Nullable List<OooChunks.Snapshot> ooo;

    HeadSeriesSnapshot(Labels labels, long[] refs, byte @Nullable [] open, int openLen, int openCount, long openMin,
        @Nullable List<OooChunks.Snapshot> ooo) {
      this.labels = labels;
      this.refs = refs;
      this.open = open;
      this.openLen = openLen;
      this.openCount = openCount;
      this.openMin = openMin;
      this.ooo = ooo;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      InOrderIterator in = reuse instanceof InOrderIterator r ? r : new InOrderIterator();
      in.reset(files, refs, open, openLen, openCount, openMin, inOrderMin, maxt);
      if (ooo == null) {
        return in;
      }
      List<SampleIterator> its = new ArrayList<>();
      its.add(in);
      for (OooChunks.Snapshot o : ooo) {
        o.addIterators(its);
      }
      return new ClampedIterator(new MergeSampleIterator(its), mint, maxt);
    }
  }

  /** In-order head chunks: memory-mapped full chunks, then the open chunk. */
  static final class InOrderIterator extends ChunkSeriesIterator {
    private byte[] scratch = new byte[512];
    private HeadChunkFiles.@Nullable Snapshot files;
    private long[] refs = EMPTY;
    private byte @Nullable [] open;
    private int openLen;
    private int openCount;
    private long openMin;
    private int chunks;

    void reset(HeadChunkFiles.Snapshot files, long[] refs, byte @Nullable [] open, int openLen,
        int openCount, long openMin, long lo, long hi) {
      this.files = files;
      this.refs = refs;
      this.open = open;
      this.openLen = openLen;
      this.openCount = openCount;
      this.openMin = openMin;
      this.chunks = refs.length / 2 + (open != null ? 1 : 0);
      restart(lo, hi);
    }

    @Override
    protected int chunkCount() {
      return chunks;
    }

    @Override
    protected long chunkMinT(int i) {
      return i * 2 < refs.length ? refs[i * 2] : openMin;
    }

    @Override
    protected Decoder openChunk(int i) {
      if (i * 2 < refs.length) {
        long ref = refs[i * 2 + 1];
        int len = HeadChunkFiles.refLength(ref);
        if (scratch.length < len) {
          scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        HeadChunkFiles.Snapshot f = files;
        if (f == null) {
          throw new IllegalStateException("BUG: chunk references without their files");
        }
        HeadChunkFiles.read(f, ref, scratch);
        xor.reset(scratch, 0, len);
        return Decoder.XOR;
      }
      byte[] o = open;
      if (o == null) {
        throw new IllegalStateException("BUG: no open chunk");
      }
      xor.reset(o, 0, openLen, openCount);
      return Decoder.XOR;
    }
  }

}
