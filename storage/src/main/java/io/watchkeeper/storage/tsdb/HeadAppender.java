package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.tsdb.encoding.Encbuf;
import io.watchkeeper.storage.tsdb.wal.WalRecords;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A batch of samples for the {@link Head} (Prometheus {@code headAppender}). {@link #append}
 * validates each sample against its series at once, so rejections surface per sample; {@link
 * #commit()} applies the batch (holding the read side of the head's commit lock: commits run in
 * parallel) and writes it to the WAL before returning.
 *
 * <p>Cost with a cached reference: two array lookups (the series and its last timestamp, both dense
 * by id) on append, and at commit an XOR append and a WAL record entry per sample; no locks per
 * sample and no allocation (the buffers come from a pool). Not thread-safe, as the {@link
 * Appender} contract says.
 */
final class HeadAppender implements Appender {
  /** Samples applied and logged per hold of the commit lock, so one huge import cannot stall scrapes. */
  private static final int SLICE = 16_384;

  /** A {@code beforeCommit} that does nothing. */
  static final Runnable NOTHING = () -> { };

  private final Head head;
  private final long oooWindow;
  private final Runnable beforeCommit;
  private @Nullable Batch batch;
  private boolean done;

  /**
   * An appender with out-of-order window {@code oooWindow} milliseconds.
   *
   * @param beforeCommit runs before a non-empty batch is applied, holding no lock: makes room in
   *     the out-of-order head; if it throws, the batch is discarded
   */
  HeadAppender(Head head, long oooWindow, Runnable beforeCommit) {
    this.head = head;
    this.oooWindow = oooWindow;
    this.beforeCommit = beforeCommit;
  }

  /** Refused: the chunk, WAL and block formats hold floats only. */
  @Override
  public long appendHistogram(long ref, @Nullable Labels labels, long t, FloatHistogram h) throws AppendException {
    throw new AppendException(AppendException.Reason.UNSUPPORTED, "native histograms are not stored yet");
  }

  @Override
  public long append(long ref, @Nullable Labels labels, long t, double v) throws AppendException {
    if (done) {
      throw new IllegalStateException("BUG: appender used after commit or rollback");
    }
    HeadSeries s = ref != 0 ? head.table.get(ref) : null;
    int id = (int) ref;
    if (s == null) {
      if (labels == null) {
        if (ref == 0) {
          throw new IllegalArgumentException("BUG: append needs labels when ref is 0");
        }
        head.metrics.reject(AppendException.Reason.UNKNOWN_REF);
        throw new AppendException(AppendException.Reason.UNKNOWN_REF, "series " + ref);
      }
      s = head.getOrCreate(labels);
      id = s.id;
    }
    head.admit(s, id, t, v, oooWindow);
    Batch b = batch;
    if (b == null) {
      b = head.takeBatch();
      batch = b;
    }
    b.add(s, t, v);
    return id;
  }

  @Override
  public void commit() {
    if (done) {
      throw new IllegalStateException("BUG: appender committed after commit or rollback");
    }
    done = true;
    Batch b = batch;
    if (b == null) {
      return;
    }
    try {
      beforeCommit.run();
      for (int from = 0; from < b.n; from += SLICE) {
        commitSlice(b, from, Math.min(b.n, from + SLICE));
      }
    } finally {
      b.clear();
      head.returnBatch(b);
      batch = null;
    }
  }

  private void commitSlice(Batch b, int from, int to) {
    long appended = 0;
    head.commitLock.readLock().lock();
    try {
      HeadSeries[] series = b.series;
      // Touch every series and the end of its open chunk (where the sample goes) first: in this
      // tight loop of independent loads the CPU has many cache misses in flight at once, instead
      // of stalling on two per sample in the loop below (with 100k series, series objects and
      // chunks are mostly not in the caches).
      long touched = 0;
      for (int i = from; i < to; i++) {
        HeadSeries s = series[i];
        byte[] chunk = s.buffer();
        int end = s.byteLength();
        touched += end > 0 && end <= chunk.length ? chunk[end - 1] : chunk.length;
      }
      for (int i = from; i < to; i++) {
        HeadSeries s = head.live(series[i]);
        byte outcome;
        s.beginWrite();
        try {
          outcome = head.apply(s, b.ts[i], b.vs[i], oooWindow);
        } finally {
          s.endWrite();
        }
        b.outcome[i] = outcome;
        b.ids[i] = s.id;
        if (outcome == Head.IN_ORDER || outcome == Head.OUT_OF_ORDER) {
          appended++;
        } else if (outcome != Head.SAME) {
          countRejection(outcome);
        }
      }
      b.touched = touched;
      log(b, from, to, Head.IN_ORDER, WalRecords.SAMPLES);
      log(b, from, to, Head.OUT_OF_ORDER, WalRecords.OOO_SAMPLES);
    } finally {
      head.commitLock.readLock().unlock();
    }
    head.metrics.samplesAppended.inc(appended);
  }

  /** Samples a concurrent commit made invalid after they were admitted: counted, not stored. */
  private void countRejection(byte outcome) {
    head.metrics.reject(switch (outcome) {
      case Head.REJECT_ORDER -> AppendException.Reason.OUT_OF_ORDER;
      case Head.REJECT_BOUNDS -> AppendException.Reason.OUT_OF_BOUNDS;
      default -> AppendException.Reason.DUPLICATE_SAMPLE;
    });
  }

  private void log(Batch b, int from, int to, byte outcome, byte type) {
    int k = 0;
    for (int i = from; i < to; i++) {
      if (b.outcome[i] == outcome) {
        b.walIds[k] = b.ids[i];
        b.walTs[k] = b.ts[i];
        b.walVs[k] = b.vs[i];
        k++;
      }
    }
    if (k == 0) {
      return;
    }
    Encbuf enc = b.enc;
    enc.reset();
    WalRecords.encodeSamples(enc, type, b.walIds, b.walTs, b.walVs, 0, k);
    head.wal.log(enc.array(), 0, enc.length());
  }

  @Override
  public void rollback() {
    if (done) {
      throw new IllegalStateException("BUG: appender rolled back after commit or rollback");
    }
    done = true;
    Batch b = batch;
    if (b == null) {
      return;
    }
    b.clear();
    head.returnBatch(b);
    batch = null;
  }

  /** Pending samples of one appender, pooled by the head to spare the allocation per scrape. */
  static final class Batch {
    private static final int MAX_POOLED = 1 << 16;

    HeadSeries[] series = new HeadSeries[256];
    long[] ts = new long[256];
    double[] vs = new double[256];
    int[] ids = new int[256];
    byte[] outcome = new byte[256];
    int[] walIds = new int[256];
    long[] walTs = new long[256];
    double[] walVs = new double[256];
    final Encbuf enc = new Encbuf(4096);
    int n;
    /** Sink for the touching loads, so the JIT keeps them. */
    long touched;

    void add(HeadSeries s, long t, double v) {
      if (n == series.length) {
        int cap = n * 2;
        series = Arrays.copyOf(series, cap);
        ts = Arrays.copyOf(ts, cap);
        vs = Arrays.copyOf(vs, cap);
        ids = new int[cap];
        outcome = new byte[cap];
        walIds = new int[Math.min(cap, SLICE)];
        walTs = new long[walIds.length];
        walVs = new double[walIds.length];
      }
      series[n] = s;
      ts[n] = t;
      vs[n] = v;
      n++;
    }

    void clear() {
      Arrays.fill(series, 0, n, null);
      n = 0;
    }

    boolean reusable() {
      return series.length <= MAX_POOLED && enc.array().length <= 16 * MAX_POOLED;
    }
  }
}
