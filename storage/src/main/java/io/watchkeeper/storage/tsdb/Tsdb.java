package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Storage;
import io.watchkeeper.storage.StorageException;
import io.watchkeeper.storage.tsdb.wal.Checkpoint;
import io.watchkeeper.storage.tsdb.wal.Segments;
import io.watchkeeper.storage.tsdb.wal.Wal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded time-series database: a {@link Storage} over one data directory, after Prometheus'
 * TSDB. Samples go to an in-memory {@link Head} of compressed chunks and a write-ahead log; head
 * data older than one and a half block ranges is persisted into immutable blocks, which are merged
 * into larger ones and deleted after the retention period. Design, durability rules and file
 * formats: {@code storage/docs/tsdb.md}.
 *
 * <p>Lifecycle: {@link #open} replays the WAL (it may take a while; progress is logged), {@link
 * #start()} starts the background threads (WAL sync at least every second, compaction and
 * retention), {@link #close()} stops them, syncs the WAL and releases the directory. {@link
 * #flush()} persists the whole head into a block now.
 *
 * <p>Thread-safe: any number of threads may append and query concurrently.
 */
public final class Tsdb implements Storage {
  private static final Logger log = LoggerFactory.getLogger(Tsdb.class);
  private static final long MAINTENANCE_PERIOD_MILLIS = 15_000;

  private final TsdbOptions opts;
  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final TsdbMetrics metrics;
  private final Wal wal;
  private final HeadChunkFiles chunkFiles;
  private final Head head;
  private final Compactor compactor;
  private final ReentrantLock compactionLock = new ReentrantLock();
  private final ReentrantLock blocksLock = new ReentrantLock();
  private volatile List<Block> blocks;
  private @Nullable ScheduledExecutorService background; // guarded by this
  private volatile boolean closed;

  private Tsdb(TsdbOptions opts, FileChannel lockChannel, FileLock lock, TsdbMetrics metrics, Wal wal,
      HeadChunkFiles chunkFiles, Head head, List<Block> blocks) {
    this.opts = opts;
    this.dir = opts.dataDir();
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.metrics = metrics;
    this.wal = wal;
    this.chunkFiles = chunkFiles;
    this.head = head;
    this.blocks = blocks;
    this.compactor = new Compactor(dir, opts.blockRange().toMillis(), opts.maxBlockMillis(), opts.clock(), head::sharedString);
  }

  /**
   * Opens (or creates) the database in {@code opts.dataDir()}: loads blocks, restores head chunks
   * and replays the WAL. A torn WAL or head-chunk tail from a crash is truncated with a warning; a
   * block that cannot be read is moved aside to {@code <ulid>.corrupt} with an error.
   *
   * @throws StorageException if the directory cannot be used (locked by another process, I/O)
   */
  public static Tsdb open(TsdbOptions opts) {
    Path dir = opts.dataDir();
    FileChannel lockChannel = null;
    TsdbMetrics metrics = null;
    try {
      Files.createDirectories(dir);
      lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null; // held by this JVM
      }
      if (lock == null) {
        throw new StorageException("cannot lock data directory " + dir + ": another process is using it");
      }
      metrics = new TsdbMetrics(opts.registry());
      List<Block> blocks = loadBlocks(dir);
      long minValid = Long.MIN_VALUE;
      for (Block b : blocks) {
        minValid = Math.max(minValid, b.meta().headMaxTime());
      }
      WalReplay.MmappedCollector mm = new WalReplay.MmappedCollector(minValid);
      AtomicInteger corrupt = new AtomicInteger();
      HeadChunkFiles chunkFiles = HeadChunkFiles.open(dir.resolve("chunks_head"), mm, corrupt::incrementAndGet);
      Wal wal = Wal.open(dir.resolve("wal"), opts.walSegmentBytes(), metrics.walFsyncDuration);
      Head head = new Head(wal, chunkFiles, metrics, opts.blockRange().toMillis(), opts.clock(), opts.retention().toMillis());
      WalReplay.replay(head, dir.resolve("wal"), wal.currentSegment(), minValid, opts.clock(), mm.bySeries,
          corrupt::incrementAndGet);
      metrics.walCorruptions.inc(corrupt.get());
      Tsdb db = new Tsdb(opts, lockChannel, lock, metrics, wal, chunkFiles, head, blocks);
      TsdbMetrics m = metrics;
      m.registerGauges(
          head::numSeries,
          () -> head.numChunks() + (head.oooSamples.get() + OooChunks.BUFFER - 1) / OooChunks.BUFFER,
          () -> db.blocks.size(),
          db::blocksBytes,
          () -> head.hasInOrderData() ? head.minTime() : 0,
          () -> head.maxTime() == Long.MIN_VALUE ? 0 : head.maxTime(),
          head.oooSamples::get);
      log.atInfo()
          .addKeyValue("dir", dir)
          .addKeyValue("blocks", blocks.size())
          .addKeyValue("head_series", head.numSeries())
          .log("TSDB opened");
      return db;
    } catch (IOException e) {
      cleanUp(lockChannel, metrics);
      throw new StorageException("cannot open TSDB in " + dir, e);
    } catch (RuntimeException e) {
      cleanUp(lockChannel, metrics);
      throw e;
    }
  }

  private static void cleanUp(@Nullable FileChannel ch, @Nullable TsdbMetrics metrics) {
    if (metrics != null) {
      metrics.unregister();
    }
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        log.atDebug().setCause(e).log("cannot close lock file");
      }
    }
  }

  private static List<Block> loadBlocks(Path dir) throws IOException {
    List<Block> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(".tmp") && Files.isDirectory(p)) {
          Checkpoint.deleteRecursively(p); // an unfinished compaction
          continue;
        }
        if (!Ulid.isUlid(name) || !Files.isDirectory(p)) {
          continue;
        }
        try {
          out.add(Block.open(p, s -> s));
        } catch (IOException | RuntimeException e) {
          Path aside = dir.resolve(name + ".corrupt");
          log.atError()
              .addKeyValue("block", p)
              .addKeyValue("moved_to", aside)
              .setCause(e)
              .log("cannot open block: moved aside, its data is not queried");
          Files.move(p, aside);
        }
      }
    }
    // A crash between writing a merged block and deleting its parents leaves both: drop the parents.
    Set<String> parents = new HashSet<>();
    for (Block b : out) {
      parents.addAll(b.meta().parents());
    }
    List<Block> kept = new ArrayList<>();
    for (Block b : out) {
      if (parents.contains(b.meta().id())) {
        log.atInfo().addKeyValue("block", b.dir()).log("deleting block already merged into another");
        b.delete();
      } else {
        kept.add(b);
      }
    }
    kept.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()));
    return List.copyOf(kept);
  }

  /** Starts the WAL syncer and the compaction and retention loop. Idempotent. */
  public synchronized void start() {
    if (background != null || closed) {
      return;
    }
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "watchkeeper-tsdb-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    long sync = opts.walSyncPeriod().toMillis();
    ex.scheduleWithFixedDelay(this::syncWal, sync, sync, TimeUnit.MILLISECONDS);
    ex.scheduleWithFixedDelay(this::maintain, MAINTENANCE_PERIOD_MILLIS, MAINTENANCE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    background = ex;
    log.atInfo().addKeyValue("wal_sync_ms", sync).log("TSDB background tasks started");
  }

  private void syncWal() {
    try {
      wal.sync();
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("cannot sync WAL; will retry");
    }
  }

  private void maintain() {
    try {
      compact();
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("TSDB maintenance failed; will retry");
    }
  }

  @Override
  public Appender appender() {
    return appender(opts.outOfOrderWindow());
  }

  /**
   * An appender with its own out-of-order window, for backfilling history while scrapes keep the
   * configured (usually zero) window: samples up to {@code outOfOrderWindow} behind the newest
   * sample in the database, and not older than the retention, are accepted and persisted into
   * their own blocks (see {@code storage/docs/tsdb.md}).
   */
  public Appender appender(Duration outOfOrderWindow) {
    if (closed) {
      throw new IllegalStateException("BUG: appender on a closed TSDB");
    }
    if (outOfOrderWindow.isNegative()) {
      throw new IllegalArgumentException("out-of-order window must not be negative, got " + outOfOrderWindow);
    }
    long window = outOfOrderWindow.toMillis();
    return new HeadAppender(head, window, window > 0 ? this::persistOooIfFull : HeadAppender.NOTHING);
  }

  /**
   * Called by a commit that may add out-of-order samples, before it applies them: if the
   * out-of-order head holds more than {@link TsdbOptions#outOfOrderMaxSamples()}, persists it into
   * blocks first, in the committing thread. The background loop (every 15 s) alone cannot keep up
   * with an import appending hundreds of thousands of samples a second; this back-pressure bounds
   * the out-of-order head to the limit plus one batch per concurrent committer.
   *
   * @throws StorageException if the blocks cannot be written; the commit then stores nothing
   */
  private void persistOooIfFull() {
    long max = opts.outOfOrderMaxSamples();
    if (head.oooSamples.get() <= max) {
      return;
    }
    compactionLock.lock();
    try {
      if (closed || head.oooSamples.get() <= max) {
        return; // another committer or the background loop did it meanwhile
      }
      compactOoo("out-of-order head full");
    } catch (IOException e) {
      metrics.compactionFailures.inc();
      throw new StorageException("cannot persist out-of-order samples into blocks in " + dir, e);
    } finally {
      compactionLock.unlock();
    }
  }

  @Override
  public Querier querier(long minT, long maxT) {
    if (closed) {
      throw new IllegalStateException("BUG: querier on a closed TSDB");
    }
    while (true) {
      List<Block> acquired = new ArrayList<>();
      boolean ok = true;
      for (Block b : blocks) {
        if (b.meta().overlaps(minT, maxT)) {
          if (!b.acquire()) {
            ok = false; // deleted meanwhile: its replacement is in the new list
            break;
          }
          acquired.add(b);
        }
      }
      if (ok) {
        HeadReader h = HeadReader.overlaps(head, minT, maxT) ? new HeadReader(head, minT, maxT) : null;
        return new TsdbQuerier(acquired, h, minT, maxT);
      }
      acquired.forEach(Block::release);
    }
  }

  /**
   * Persists everything in the head into blocks now (in-order data in block-range windows, and
   * out-of-order data), then drops it from the head and truncates the WAL. Appends continue
   * meanwhile; in-order samples older than what was flushed are rejected afterwards as out of
   * bounds. For backups and for measuring disk use ({@code POST /api/v1/admin/tsdb/flush}).
   *
   * @throws StorageException if a block cannot be written
   */
  public void flush() {
    compactionLock.lock();
    try {
      checkOpen();
      long boundary = Long.MIN_VALUE;
      if (head.hasInOrderData()) {
        boundary = head.maxTime() + 1;
        head.setMinValidTime(boundary);
        long range = opts.blockRange().toMillis();
        long start = Math.max(head.minTime(), head.readMinTime());
        for (long w = Math.floorDiv(start, range) * range; w < boundary; w += range) {
          persistHeadRange(Math.max(w, start), Math.min(w + range, boundary), false);
        }
        chunkFiles.cut();
        head.truncate(boundary);
      }
      compactOoo("flush");
      truncateWal(boundary, true);
      log.atInfo().addKeyValue("up_to", boundary).addKeyValue("blocks", blocks.size()).log("TSDB head flushed");
    } catch (IOException e) {
      throw new StorageException("cannot flush TSDB head in " + dir, e);
    } finally {
      compactionLock.unlock();
    }
  }

  /**
   * One round of maintenance, as the background loop runs it: persist head data older than one
   * and a half block ranges, compact the out-of-order head if it is large or behind the head, merge
   * blocks, apply retention.
   */
  void compact() {
    compactionLock.lock();
    try {
      if (closed) {
        return;
      }
      long range = opts.blockRange().toMillis();
      boolean persisted = false;
      while (!closed && head.hasInOrderData() && head.minTime() < Long.MAX_VALUE - 2 * range
          && head.maxTime() >= head.minTime() + range / 2 * 3) {
        long start = Math.max(head.minTime(), head.readMinTime());
        long end = Math.floorDiv(start, range) * range + range;
        head.setMinValidTime(end);
        persistHeadRange(start, end, true);
        head.truncate(end);
        truncateWal(end, false);
        persisted = true;
      }
      boolean oooBehind = head.oooMaxTime() != Long.MIN_VALUE && head.oooMaxTime() < head.appendMinT();
      if (head.oooSamples.get() > opts.outOfOrderMaxSamples() || (persisted && head.oooSamples.get() > 0) || oooBehind) {
        compactOoo("maintenance");
      }
      compactBlocks();
      applyRetention();
    } catch (IOException e) {
      metrics.compactionFailures.inc();
      throw new StorageException("cannot compact TSDB in " + dir, e);
    } finally {
      compactionLock.unlock();
    }
  }

  private void persistHeadRange(long mint, long maxt, boolean fromCompaction) throws IOException {
    Block b = compactor.writeHeadBlock(head, mint, maxt);
    if (b != null) {
      addBlocks(List.of(b), List.of());
      metrics.compactions.inc();
      log.atInfo()
          .addKeyValue("block", b.meta().id())
          .addKeyValue("min_time", mint)
          .addKeyValue("max_time", maxt)
          .addKeyValue("series", b.meta().numSeries())
          .addKeyValue("samples", b.meta().numSamples())
          .addKeyValue("trigger", fromCompaction ? "head full" : "flush")
          .log("head persisted into a block");
    }
  }

  private void compactOoo(String trigger) throws IOException {
    List<HeadSeries> detached = head.detachOoo();
    if (detached.isEmpty()) {
      return;
    }
    // In-order head data can only land at or after the head's oldest sample and the append bound:
    // windows ending before both will not get head blocks later.
    long sealed = head.hasInOrderData() ? Math.min(head.minTime(), head.appendMinT()) : head.appendMinT();
    List<Block> written = compactor.writeOooBlocks(head, detached, sealed);
    addBlocks(written, List.of());
    head.finishOoo(detached);
    metrics.compactions.inc(written.size());
    log.atInfo()
        .addKeyValue("series", detached.size())
        .addKeyValue("blocks", written.size())
        .addKeyValue("trigger", trigger)
        .log("out-of-order samples persisted into blocks");
  }

  private void compactBlocks() throws IOException {
    Set<String> failed = new HashSet<>();
    for (int round = 0; round < 100 && !closed; round++) {
      List<Block> current = blocks;
      List<Block> plan = compactor.plan(current, head.minValidTime());
      if (plan.isEmpty() || failed.contains(plan.get(0).meta().id())) {
        return;
      }
      Block merged;
      try {
        merged = compactor.merge(plan);
      } catch (StorageException e) {
        failed.add(plan.get(0).meta().id());
        metrics.compactionFailures.inc();
        log.atError().addKeyValue("blocks", plan.size()).setCause(e).log("cannot merge blocks; leaving them as they are");
        continue;
      }
      addBlocks(merged == null ? List.of() : List.of(merged), plan);
      metrics.compactions.inc();
      log.atInfo()
          .addKeyValue("parents", plan.size())
          .addKeyValue("block", merged == null ? "none" : merged.meta().id())
          .log("blocks merged");
    }
  }

  private void applyRetention() {
    long cutoff = Head.minus(opts.clock().millis(), opts.retention().toMillis());
    List<Block> old = new ArrayList<>();
    for (Block b : blocks) {
      if (b.meta().maxTime() <= cutoff) {
        old.add(b);
      }
    }
    if (!old.isEmpty()) {
      addBlocks(List.of(), old);
      metrics.retentionDeletedBlocks.inc(old.size());
      log.atInfo().addKeyValue("blocks", old.size()).addKeyValue("cutoff", cutoff).log("blocks deleted by retention");
    }
  }

  /** Publishes new blocks and deletes replaced ones (once their readers are done). */
  private void addBlocks(List<Block> added, List<Block> removed) {
    blocksLock.lock();
    try {
      List<Block> next = new ArrayList<>(blocks);
      next.removeAll(removed);
      next.addAll(added);
      next.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()));
      blocks = List.copyOf(next);
    } finally {
      blocksLock.unlock();
    }
    for (Block b : removed) {
      b.delete();
    }
  }

  /**
   * Checkpoints the WAL after the head dropped data before {@code mint}. After a flush everything
   * up to the current segment goes; otherwise the older two thirds of the segments, as Prometheus
   * does, since the newest ones mostly hold samples the head still has.
   */
  private void truncateWal(long mint, boolean all) throws IOException {
    int last;
    if (all) {
      last = wal.cut() - 1;
    } else {
      List<Integer> segs = Segments.list(wal.dir());
      int current = wal.currentSegment();
      if (segs.isEmpty() || segs.get(0) >= current) {
        return;
      }
      int first = segs.get(0);
      last = first + (current - first) * 2 / 3;
      if (last >= current) {
        last = current - 1;
      }
      if (last < first) {
        return;
      }
    }
    if (last < 0) {
      return;
    }
    wal.flushSeries();
    Checkpoint.Stats st = Checkpoint.create(wal.dir(), last, id -> head.table.get(id) != null, mint, opts.walSegmentBytes());
    log.atInfo()
        .addKeyValue("up_to_segment", last)
        .addKeyValue("kept", st.kept())
        .addKeyValue("dropped", st.dropped())
        .log("WAL checkpoint written");
  }

  /** Blocks currently loaded, oldest first. */
  List<BlockMeta> blockMetas() {
    List<BlockMeta> out = new ArrayList<>();
    for (Block b : blocks) {
      out.add(b.meta());
    }
    return out;
  }

  Head head() {
    return head;
  }

  private double blocksBytes() {
    long n = 0;
    for (Block b : blocks) {
      n += b.sizeBytes();
    }
    return n;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("BUG: TSDB used after close");
    }
  }

  /** Stops the background tasks, syncs and closes the WAL, and releases the directory. */
  @Override
  public void close() {
    ScheduledExecutorService ex;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ex = background;
      background = null;
    }
    if (ex != null) {
      ex.shutdown();
      try {
        if (!ex.awaitTermination(60, TimeUnit.SECONDS)) {
          log.atWarn().log("TSDB background tasks did not stop within 60s");
          ex.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.shutdownNow();
      }
    }
    compactionLock.lock();
    try {
      wal.close();
      chunkFiles.close();
      for (Block b : blocks) {
        b.release();
      }
      lock.release();
      lockChannel.close();
      metrics.unregister();
    } catch (IOException e) {
      throw new StorageException("cannot close TSDB in " + dir, e);
    } finally {
      compactionLock.unlock();
    }
    log.atInfo().addKeyValue("dir", dir).log("TSDB closed");
  }
}
