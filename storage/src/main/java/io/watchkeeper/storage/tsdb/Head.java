package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.tsdb.encoding.Encbuf;
import io.watchkeeper.storage.tsdb.index.MemPostings;
import io.watchkeeper.storage.tsdb.wal.Wal;
import io.watchkeeper.storage.tsdb.wal.WalRecords;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory head (Prometheus {@code Head}): recent samples of every series in compressed
 * chunks, an inverted index over the series, and the bookkeeping that decides what an append may
 * do. {@link HeadAppender} writes to it, {@link HeadReader} reads it, {@link WalReplay} rebuilds it.
 *
 * <p>Locking. Series are found by id through {@link SeriesTable} (lock-free) and by labels through
 * {@link SeriesHashIndex} (striped). Commits hold {@link #commitLock}'s read side while they apply
 * their samples and write them to the WAL, so many scrape loops commit in parallel; a series is
 * changed by one thread at a time ({@link HeadSeries#beginWrite()} is a per-series spin lock,
 * held for one sample). Truncation and out-of-order detaching take the write side, so they see no
 * commit half done and their WAL markers order cleanly against samples. Readers never lock a
 * series: they take optimistic snapshots ({@link HeadSeries#readBegin()}).
 *
 * <p>Thread-safe.
 */
final class Head {
  /** Samples per head chunk before it is cut and written to the head-chunk files (Prometheus: 120). */
  static final int CHUNK_SAMPLES = 120;
  /** Encoding byte of head chunks on disk: XOR. */
  static final byte XOR_ENCODING = 1;
  /** A decimal-delta chunk (see {@link io.watchkeeper.storage.tsdb.chunk.XorAppender}); the chunk's header says so too. */
  static final byte DECIMAL_DELTA_ENCODING = 3;

  /** Outcomes of {@link #apply}. */
  static final byte IN_ORDER = 0;
  static final byte OUT_OF_ORDER = 1;
  static final byte SAME = 2;
  static final byte REJECT_ORDER = 3;
  static final byte REJECT_BOUNDS = 4;
  static final byte REJECT_DUPLICATE = 5;

  final SeriesTable table = new SeriesTable();
  final SeriesHashIndex byLabels = new SeriesHashIndex();
  final MemPostings postings = new MemPostings();
  final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
  final Wal wal;
  final HeadChunkFiles chunkFiles;
  final TsdbMetrics metrics;
  final long blockRange;
  private final InstantSource clock;
  private final long retention;
  private final ConcurrentHashMap<String, String> symbols = new ConcurrentHashMap<>();
  private final AtomicInteger lastId = new AtomicInteger();
  private final ReentrantLock createLock = new ReentrantLock(); // orders series creation, see create()
  private final AtomicLong numSeries = new AtomicLong();
  private final AtomicLong numChunks = new AtomicLong();
  final AtomicLong oooSamples = new AtomicLong();
  private final ConcurrentLinkedQueue<HeadAppender.Batch> batches = new ConcurrentLinkedQueue<>();

  /** Lowest timestamp of in-order data the head serves (older data is in blocks). */
  private volatile long minT = Long.MAX_VALUE;
  /** Highest timestamp appended, in order or not. */
  private volatile long maxT = Long.MIN_VALUE;
  /** In-order samples before this are rejected: they belong to persisted ranges. */
  private volatile long minValidTime = Long.MIN_VALUE;
  /** Queries read in-order head data from here on; older is in blocks. */
  private volatile long readMinT = Long.MIN_VALUE;
  private volatile long oooMinT = Long.MAX_VALUE;
  private volatile long oooMaxT = Long.MIN_VALUE;

  private static final VarHandle MIN_T;
  private static final VarHandle MAX_T;
  private static final VarHandle OOO_MIN_T;
  private static final VarHandle OOO_MAX_T;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      MIN_T = l.findVarHandle(Head.class, "minT", long.class);
      MAX_T = l.findVarHandle(Head.class, "maxT", long.class);
      OOO_MIN_T = l.findVarHandle(Head.class, "oooMinT", long.class);
      OOO_MAX_T = l.findVarHandle(Head.class, "oooMaxT", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  Head(Wal wal, HeadChunkFiles chunkFiles, TsdbMetrics metrics, long blockRange, InstantSource clock, long retention) {
    this.clock = clock;
    this.retention = retention;
    this.wal = wal;
    this.chunkFiles = chunkFiles;
    this.metrics = metrics;
    this.blockRange = blockRange;
  }

  long minTime() {
    return minT;
  }

  long maxTime() {
    return maxT;
  }

  long minValidTime() {
    return minValidTime;
  }

  long readMinTime() {
    return readMinT;
  }

  long oooMinTime() {
    return oooMinT;
  }

  long oooMaxTime() {
    return oooMaxT;
  }

  long numSeries() {
    return numSeries.get();
  }

  long numChunks() {
    return numChunks.get();
  }

  /** Whether the head holds in-order data. */
  boolean hasInOrderData() {
    return minT != Long.MAX_VALUE;
  }

  /** Lowest in-order timestamp an append accepts: not in persisted ranges, nor half a block behind. */
  long appendMinT() {
    return Math.max(minValidTime, minus(maxT, blockRange / 2));
  }

  /** Lowest timestamp an out-of-order window accepts, or {@link Long#MAX_VALUE} without one. */
  long oooAcceptMinT(long window) {
    if (window <= 0) {
      return Long.MAX_VALUE;
    }
    return minus(maxT, window);
  }

  /** {@code a - b} for {@code b >= 0}, saturating at {@link Long#MIN_VALUE}. */
  static long minus(long a, long b) {
    long r = a - b;
    return r > a ? Long.MIN_VALUE : r;
  }

  // ---------------------------------------------------------------- series

  /**
   * The series with these labels, created (and logged to the WAL) if new.
   *
   * @throws AppendException with {@code INVALID_LABELS} or {@code LIMIT_EXCEEDED}
   */
  HeadSeries getOrCreate(Labels labels) throws AppendException {
    long hash = labels.stableHash();
    HeadSeries s = byLabels.get(labels, hash);
    if (s != null && !s.removed) {
      return s;
    }
    if (labels.metricName().isEmpty()) {
      throw new AppendException(AppendException.Reason.INVALID_LABELS, labels + " has no metric name");
    }
    if (lastId.get() == Integer.MAX_VALUE) {
      throw new AppendException(
          AppendException.Reason.LIMIT_EXCEEDED, "series ids exhausted (2^31 series created since the data directory began)");
    }
    return byLabels.getOrCreate(labels, hash, l -> create(NEW_ID, l, true));
  }

  /** Creates a series with a known id (WAL replay); ids continue after the largest seen. */
  HeadSeries createWithId(int id, Labels labels) {
    lastId.accumulateAndGet(id, Math::max);
    return byLabels.getOrCreate(labels, labels.stableHash(), l -> create(id, l, false));
  }

  /** {@link #create} argument: take the next id. */
  private static final int NEW_ID = -1;

  /**
   * Creates a series. New ids are taken under {@code createLock}, together with the WAL record and
   * the postings entry, so ids reach the postings lists (and the WAL, hence replay) in increasing
   * order: a list then only ever grows at its end. Taking ids outside that lock let concurrent
   * scrapes insert ids out of order, and each such insert copies the whole list (copy-on-write
   * for lock-free readers): at 1M series that was gigabytes of garbage per second.
   */
  private HeadSeries create(int knownId, Labels labels, boolean log) {
    Labels interned = intern(labels);
    Encbuf entry = log ? new Encbuf(64 + interned.size() * 24) : null;
    HeadSeries s;
    createLock.lock();
    try {
      int id = knownId == NEW_ID ? lastId.incrementAndGet() : knownId;
      s = new HeadSeries(id, interned);
      if (entry != null) {
        WalRecords.encodeSeries(entry, new Encbuf(64), id, interned);
        wal.logSeries(entry.array(), 0, entry.length());
      }
      table.put(s);
      postings.add(id, interned);
    } finally {
      createLock.unlock();
    }
    numSeries.incrementAndGet();
    metrics.seriesCreated.inc();
    return s;
  }

  /** Labels whose strings are shared with every other series using them. */
  Labels intern(Labels labels) {
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < labels.size(); i++) {
      b.set(internString(labels.name(i)), internString(labels.value(i)));
    }
    return b.build();
  }

  /** The head's copy of {@code s} if it has one, else {@code s}: shares strings without adding any. */
  String sharedString(String s) {
    String mine = symbols.get(s);
    return mine != null ? mine : s;
  }

  String internString(String s) {
    String prev = symbols.putIfAbsent(s, s);
    return prev == null ? s : prev;
  }

  /**
   * Checks that a sample can be appended to series {@code id}, with out-of-order window {@code
   * window} (the configured one, or an import appender's). Reads without locking: the commit
   * applies the rules again, so a stale read here only means a sample rejected at commit instead
   * (counted, not logged).
   *
   * @throws AppendException if the sample is rejected
   */
  void admit(HeadSeries s, int id, long t, double v, long window) throws AppendException {
    long last = table.lastTimestamp(s, id);
    if (t > last || last == Long.MIN_VALUE) {
      long min = appendMinT();
      if (t >= min) {
        return;
      }
      if (t >= oooAcceptMinT(window)) {
        checkOooSample(s, t, v);
        return;
      }
      throw reject(AppendException.Reason.OUT_OF_BOUNDS,
          "sample at " + t + " is older than the oldest time the head accepts (" + min + ")"
              + oooHint(window));
    }
    if (t == last) {
      if (Double.doubleToRawLongBits(v) == s.lastValueBits()) {
        return;
      }
      throw reject(AppendException.Reason.DUPLICATE_SAMPLE, "series already has a different value at " + t);
    }
    if (t >= oooAcceptMinT(window)) {
      checkOooSample(s, t, v);
      return;
    }
    throw reject(AppendException.Reason.OUT_OF_ORDER,
        "sample at " + t + " is older than the series' newest sample at " + last + oooHint(window));
  }

  private String oooHint(long window) {
    return window > 0
        ? " and outside the out-of-order window of " + window + "ms behind " + maxT
        : " and the out-of-order window is 0 (disabled)";
  }

  /** An out-of-order sample older than the retention would be deleted at once: refused instead. */
  private void checkOooSample(HeadSeries s, long t, double v) throws AppendException {
    long cutoff = minus(clock.millis(), retention);
    if (t < cutoff) {
      throw reject(AppendException.Reason.OUT_OF_BOUNDS,
          "sample at " + t + " is older than the retention period of " + retention + "ms (before " + cutoff + ")");
    }
    if (oooConflicts(s, t, v)) {
      throw reject(AppendException.Reason.DUPLICATE_SAMPLE, "series already has a different value at " + t);
    }
  }

  private static boolean oooConflicts(HeadSeries s, long t, double v) {
    while (true) {
      int stamp = s.readBegin();
      try {
        OooChunks o = s.ooo;
        boolean conflict = o != null && o.conflicts(t, v);
        if (s.readValid(stamp)) {
          return conflict;
        }
      } catch (RuntimeException e) {
        if (s.readValid(stamp)) {
          throw e;
        }
      }
      Thread.onSpinWait();
    }
  }

  private AppendException reject(AppendException.Reason reason, String detail) {
    metrics.reject(reason);
    return new AppendException(reason, detail);
  }

  /**
   * The live series for a commit's samples of {@code s}: {@code s} itself, or if garbage
   * collection removed it after the samples were admitted, the series of the same labels, created
   * anew. Called under the commit lock.
   */
  HeadSeries live(HeadSeries s) {
    if (!s.removed) {
      return s;
    }
    return byLabels.getOrCreate(s.labels, s.labels.stableHash(), l -> create(NEW_ID, l, true));
  }

  // ---------------------------------------------------------------- applying samples

  /**
   * Applies a sample to a series; the caller holds {@link #commitLock} (either side) and is inside
   * the series' {@link HeadSeries#beginWrite()}.
   * In order if newer than the series' last sample and not older than {@link #appendMinT()};
   * otherwise into the out-of-order head if there is a window (the window itself was checked on
   * append). The same rules as {@link #admit}, applied again because another commit may have
   * changed the series since.
   */
  byte apply(HeadSeries s, long t, double v, long window) {
    long last = s.lastTimestamp();
    if (t > last || !s.hasInOrder()) {
      if (t >= appendMinT()) {
        appendInOrder(s, t, v);
        return IN_ORDER;
      }
      return appendOoo(s, t, v, window, REJECT_BOUNDS);
    }
    if (t == last) {
      return Double.doubleToRawLongBits(v) == s.lastValueBits() ? SAME : REJECT_DUPLICATE;
    }
    return appendOoo(s, t, v, window, REJECT_ORDER);
  }

  private void appendInOrder(HeadSeries s, long t, double v) {
    if (s.count() >= CHUNK_SAMPLES || !s.accepts(v)) {
      cutChunk(s);
    }
    if (s.count() == 0) {
      numChunks.incrementAndGet();
    }
    s.append(t, v);
    table.setLastTimestamp(s.id, t);
    raiseMaxT(t);
    if (t < minT) {
      lowerMinT(t);
    }
  }

  /** Concurrent commits update the head's bounds: compare-and-set, only when they move. */
  private void raiseMaxT(long t) {
    long m;
    while (t > (m = maxT)) {
      if (MAX_T.compareAndSet(this, m, t)) {
        return;
      }
    }
  }

  private void lowerMinT(long t) {
    long m;
    while (t < (m = minT)) {
      if (MIN_T.compareAndSet(this, m, t)) {
        return;
      }
    }
  }

  private void lowerOooMinT(long t) {
    long m;
    while (t < (m = oooMinT)) {
      if (OOO_MIN_T.compareAndSet(this, m, t)) {
        return;
      }
    }
  }

  private void raiseOooMaxT(long t) {
    long m;
    while (t > (m = oooMaxT)) {
      if (OOO_MAX_T.compareAndSet(this, m, t)) {
        return;
      }
    }
  }

  /** Writes the series' full open chunk to the head-chunk files and starts a new one. */
  private void cutChunk(HeadSeries s) {
    long first = s.firstTimestamp();
    long ref = chunkFiles.write(s.id, first, s.lastTimestamp(), s.isDecimalChunk() ? DECIMAL_DELTA_ENCODING : XOR_ENCODING,
        s.buffer(), s.byteLength());
    s.addMmapped(first, ref);
    s.cut();
  }

  private byte appendOoo(HeadSeries s, long t, double v, long window, byte otherwise) {
    if (window <= 0) {
      return otherwise;
    }
    OooChunks o = s.ooo;
    if (o == null) {
      o = new OooChunks();
      s.ooo = o;
    }
    switch (o.insert(t, v)) {
      case SAME:
        return SAME;
      case DUPLICATE:
        return REJECT_DUPLICATE;
      default:
        oooSamples.incrementAndGet();
        lowerOooMinT(t);
        raiseOooMaxT(t);
        raiseMaxT(t);
        return OUT_OF_ORDER;
    }
  }

  /** WAL replay: notes an in-order sample that is already persisted, so ordering stays as it was. */
  void skipInOrder(HeadSeries s, long t, double v) {
    if (t > s.lastTimestamp() && s.count() == 0) {
      s.skipTo(t, v);
      table.setLastTimestamp(s.id, t);
    }
    if (t > maxT) {
      maxT = t;
    }
  }

  /** WAL replay: restores a full chunk found in the head-chunk files. */
  void restoreMmapped(HeadSeries s, long chunkMinT, long chunkMaxT, long ref) {
    s.addMmapped(chunkMinT, ref);
    numChunks.incrementAndGet();
    if (chunkMinT < minT) {
      minT = chunkMinT;
    }
    if (chunkMaxT > maxT) {
      maxT = chunkMaxT;
    }
  }

  /** WAL replay: a sample that was appended in order (the caller skipped what is persisted). */
  void replayInOrder(HeadSeries s, long t, double v) {
    appendInOrder(s, t, v);
  }

  /** WAL replay: an out-of-order sample, kept whatever the window is now. */
  void replayOoo(HeadSeries s, long t, double v) {
    OooChunks o = s.ooo;
    if (o == null) {
      o = new OooChunks();
      s.ooo = o;
    }
    if (o.insert(t, v) == OooChunks.Insert.ADDED) {
      oooSamples.incrementAndGet();
      oooMinT = Math.min(oooMinT, t);
      oooMaxT = Math.max(oooMaxT, t);
    }
  }

  void setMinValidTime(long t) {
    commitLock.writeLock().lock();
    try {
      if (t > minValidTime) {
        minValidTime = t;
      }
    } finally {
      commitLock.writeLock().unlock();
    }
  }

  /** Sets the in-order bounds at the end of replay. */
  void initBounds(long minValid) {
    minValidTime = Math.max(minValidTime, minValid);
    readMinT = Math.max(readMinT, minValid);
  }

  // ---------------------------------------------------------------- truncation

  /**
   * Drops in-order data before {@code mint}, which blocks now hold, and removes series left with
   * nothing (Prometheus {@code Head.Truncate} and {@code gc}).
   *
   * @return series removed
   */
  int truncate(long mint) {
    List<HeadSeries> gone = new ArrayList<>();
    long[] newMin = {Long.MAX_VALUE};
    long[] droppedChunks = {0};
    int[] oldestSegment = {Integer.MAX_VALUE};
    commitLock.writeLock().lock();
    try {
      if (mint > minValidTime) {
        minValidTime = mint;
      }
      if (mint > readMinT) {
        readMinT = mint;
      }
      table.forEach(s -> {
        s.beginWrite();
        try {
          droppedChunks[0] += s.truncateBefore(mint);
          if (s.count() > 0 && s.mmappedCount() == 0 && s.lastTimestamp() < mint) {
            s.cut(); // the open chunk is entirely persisted
            droppedChunks[0]++;
          }
        } finally {
          s.endWrite();
        }
        oldestSegment[0] = Math.min(oldestSegment[0], s.oldestChunkSegment());
        if (s.isEmpty()) {
          s.removed = true; // a commit holding samples for it re-creates it (live())
          table.remove(s);
          gone.add(s);
        } else if (s.mmappedCount() > 0 || s.count() > 0) {
          newMin[0] = Math.min(newMin[0], s.inOrderMinTime());
        }
      });
      minT = newMin[0] == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(newMin[0], mint);
    } finally {
      commitLock.writeLock().unlock();
    }
    numChunks.addAndGet(-droppedChunks[0]);
    removeFromIndexes(gone);
    chunkFiles.truncateBefore(mint, oldestSegment[0]); // chunks written from now on go to newer ones
    metrics.headTruncations.inc();
    return gone.size();
  }

  private void removeFromIndexes(List<HeadSeries> gone) {
    if (gone.isEmpty()) {
      return;
    }
    BitSet ids = new BitSet();
    List<Labels> labels = new ArrayList<>(gone.size());
    for (HeadSeries s : gone) {
      byLabels.remove(s, s.labels.stableHash());
      ids.set(s.id);
      labels.add(s.labels);
    }
    postings.delete(ids, labels);
    numSeries.addAndGet(-gone.size());
    metrics.seriesRemoved.inc(gone.size());
    // Symbols used only by removed series would otherwise pile up with churn.
    ConcurrentHashMap<String, String> live = new ConcurrentHashMap<>();
    table.forEach(s -> {
      for (int i = 0; i < s.labels.size(); i++) {
        live.put(s.labels.name(i), s.labels.name(i));
        live.put(s.labels.value(i), s.labels.value(i));
      }
    });
    symbols.keySet().retainAll(live.keySet());
  }

  // ---------------------------------------------------------------- out-of-order compaction

  /**
   * Moves every series' out-of-order samples to its compacting slot (queries still read them) and
   * logs the move, for a compaction to persist them.
   *
   * @return the series with samples to compact
   */
  List<HeadSeries> detachOoo() {
    List<HeadSeries> out = new ArrayList<>();
    commitLock.writeLock().lock();
    try {
      table.forEach(s -> {
        OooChunks o = s.ooo;
        if (o != null && !o.isEmpty()) {
          s.beginWrite();
          try {
            if (s.oooCompacting == null) {
              s.oooCompacting = o;
            } else {
              s.oooCompacting.absorb(o);
            }
            s.ooo = null;
          } finally {
            s.endWrite();
          }
        }
        if (s.oooCompacting != null) {
          out.add(s);
        }
      });
      if (!out.isEmpty()) {
        wal.log(new byte[] {WalRecords.OOO_DETACH}, 0, 1);
      }
      oooSamples.set(0);
    } finally {
      commitLock.writeLock().unlock();
    }
    return out;
  }

  /** Drops out-of-order samples a compaction persisted, and logs that. */
  void finishOoo(List<HeadSeries> compacted) {
    commitLock.writeLock().lock();
    try {
      for (HeadSeries s : compacted) {
        s.beginWrite();
        s.oooCompacting = null;
        s.endWrite();
      }
      wal.log(new byte[] {WalRecords.OOO_COMPACTED}, 0, 1);
      long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
      table.forEach(s -> {
        OooChunks o = s.ooo;
        if (o != null && !o.isEmpty()) {
          range[0] = Math.min(range[0], o.minTime());
          range[1] = Math.max(range[1], o.maxTime());
        }
      });
      oooMinT = range[0];
      oooMaxT = range[1];
    } finally {
      commitLock.writeLock().unlock();
    }
  }

  /** WAL replay of {@link WalRecords#OOO_DETACH}. */
  void replayOooDetach() {
    table.forEach(s -> {
      OooChunks o = s.ooo;
      if (o != null && !o.isEmpty()) {
        if (s.oooCompacting == null) {
          s.oooCompacting = o;
        } else {
          s.oooCompacting.absorb(o);
        }
        s.ooo = null;
      }
    });
  }

  /** WAL replay of {@link WalRecords#OOO_COMPACTED}. */
  void replayOooCompacted() {
    table.forEach(s -> s.oooCompacting = null);
  }

  /**
   * End of replay: samples detached by a compaction that never finished are not persisted (or are,
   * and will be again, harmlessly): they go back to the out-of-order head.
   */
  void replayOooFinish() {
    long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
    long[] n = {0};
    table.forEach(s -> {
      if (s.oooCompacting != null) {
        OooChunks o = s.oooCompacting;
        if (s.ooo != null) {
          o.absorb(s.ooo);
        }
        s.ooo = o;
        s.oooCompacting = null;
      }
      OooChunks o = s.ooo;
      if (o != null && !o.isEmpty()) {
        range[0] = Math.min(range[0], o.minTime());
        range[1] = Math.max(range[1], o.maxTime());
        n[0] += o.samples();
      }
    });
    oooMinT = range[0];
    oooMaxT = range[1];
    oooSamples.set(n[0]);
    if (range[1] > maxT) {
      maxT = range[1];
    }
  }

  // ---------------------------------------------------------------- appender buffers

  HeadAppender.Batch takeBatch() {
    HeadAppender.Batch b = batches.poll();
    return b != null ? b : new HeadAppender.Batch();
  }

  void returnBatch(HeadAppender.Batch b) {
    if (b.reusable() && batches.size() < 64) {
      batches.offer(b);
    }
  }
}
