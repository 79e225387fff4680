package io.watchkeeper.storage.tsdb.wal;

import io.prometheus.metrics.core.metrics.Histogram;
import io.watchkeeper.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of the write-ahead log: records appended to numbered segment files, each framed
 * as {@code [u32 length][u32 CRC32C][payload]} (format: {@code storage/docs/format/wal.md}).
 *
 * <p>Durability: {@link #log} hands the bytes to the operating system before returning, so a
 * committed batch survives the process being killed ({@code kill -9}); {@link #sync()}, called at
 * least every second by the TSDB's syncer, forces them to the disk, so a machine crash loses at
 * most the last second. Segments are also synced when they fill up.
 *
 * <p>Series records are {@linkplain #logSeries buffered} and written ahead of the next {@link #log}
 * call, so a sample record never precedes the record of its series, whichever appender commits
 * first. Thread-safe: one lock orders all writes; {@link #sync()} forces outside it.
 */
public final class Wal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Wal.class);
  /** Frame header: length and checksum. */
  static final int HEADER = 8;
  /** Largest record accepted; larger sample batches are split by the writer. */
  public static final int MAX_RECORD = 16 << 20;

  private final Path dir;
  private final long segmentBytes;
  private final @Nullable Histogram fsyncDuration;
  private final ReentrantLock lock = new ReentrantLock();
  // guarded by lock
  private FileChannel segment;
  private int segmentIndex;
  private long segmentSize;
  private byte[] pendingSeries = new byte[256];
  private int pendingLen;
  private boolean closed;
  private final CRC32C crc = new CRC32C();
  private ByteBuffer direct = ByteBuffer.allocateDirect(1 << 16); // guarded by lock
  private long written; // bytes written since open; guarded by lock
  private volatile long synced; // bytes known to be on disk

  private Wal(Path dir, long segmentBytes, @Nullable Histogram fsyncDuration, int first) throws IOException {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.fsyncDuration = fsyncDuration;
    this.segmentIndex = first;
    this.segment = openSegment(first);
  }

  /**
   * Opens the log in {@code dir} for writing, starting a new segment after the last one present
   * (segments already there are only read, by replay, never appended to).
   */
  public static Wal open(Path dir, long segmentBytes, @Nullable Histogram fsyncDuration) throws IOException {
    Files.createDirectories(dir);
    List<Integer> existing = Segments.list(dir);
    int next = existing.isEmpty() ? 0 : existing.get(existing.size() - 1) + 1;
    // A checkpoint covers segments up to its number: new segments must come after it, or replay
    // would take them for covered ones and skip them.
    Optional<Checkpoint.Ref> cp = Checkpoint.latest(dir);
    if (cp.isPresent()) {
      next = Math.max(next, cp.get().lastSegment() + 1);
    }
    return new Wal(dir, segmentBytes, fsyncDuration, next);
  }

  /** The directory holding the segments. */
  public Path dir() {
    return dir;
  }

  /** The segment being written. */
  public int currentSegment() {
    lock.lock();
    try {
      return segmentIndex;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Buffers series entries ({@link WalRecords#encodeSeries}), written as one series record before
   * the next {@link #log} call. Nothing is lost if the process dies first: no sample can refer to
   * the series before then.
   */
  public void logSeries(byte[] entries, int off, int len) {
    lock.lock();
    try {
      if (pendingLen + len > pendingSeries.length) {
        pendingSeries = Arrays.copyOf(pendingSeries, Math.max(pendingLen + len, pendingSeries.length * 2));
      }
      System.arraycopy(entries, off, pendingSeries, pendingLen, len);
      pendingLen += len;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes buffered series records and then this record to the current segment, cutting a new
   * segment first if it would grow past the segment size.
   *
   * @throws StorageException if the write fails
   */
  public void log(byte[] rec, int off, int len) {
    if (len > MAX_RECORD) {
      throw new IllegalArgumentException("BUG: WAL record of " + len + " bytes exceeds " + MAX_RECORD);
    }
    lock.lock();
    try {
      ensureOpen();
      writePendingSeries();
      writeFramed(rec, off, len);
    } catch (IOException e) {
      throw new StorageException("cannot write WAL segment " + Segments.name(segmentIndex) + " in " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  /** Writes buffered series records now (a checkpoint needs them on disk). */
  public void flushSeries() {
    lock.lock();
    try {
      ensureOpen();
      writePendingSeries();
    } catch (IOException e) {
      throw new StorageException("cannot write WAL segment " + Segments.name(segmentIndex) + " in " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the current segment (synced) and starts the next.
   *
   * @return the number of the new segment
   */
  public int cut() {
    lock.lock();
    try {
      ensureOpen();
      writePendingSeries();
      rotate();
      return segmentIndex;
    } catch (IOException e) {
      throw new StorageException("cannot cut WAL segment in " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  /** Forces everything written so far to disk. */
  public void sync() {
    FileChannel ch;
    long upTo;
    lock.lock();
    try {
      if (closed || written == synced) {
        return; // nothing new: an idle server does not fsync every second
      }
      ch = segment;
      upTo = written;
    } finally {
      lock.unlock();
    }
    long start = System.nanoTime();
    try {
      ch.force(false);
    } catch (ClosedChannelException e) {
      return; // rotated (and synced) or closed meanwhile
    } catch (IOException e) {
      throw new StorageException("cannot sync WAL segment in " + dir, e);
    }
    if (fsyncDuration != null) {
      fsyncDuration.observe((System.nanoTime() - start) / 1e9);
    }
    synced = Math.max(synced, upTo);
  }

  /** Writes buffered series, syncs and closes. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      writePendingSeries();
      segment.force(false);
      segment.close();
      closed = true;
    } catch (IOException e) {
      throw new StorageException("cannot close WAL segment in " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  /** Frames the buffered series entries as series records of at most {@link #MAX_RECORD} bytes. */
  private void writePendingSeries() throws IOException {
    if (pendingLen == 0) {
      return;
    }
    int pos = 0;
    while (pos < pendingLen) {
      int end = WalRecords.seriesBatchEnd(pendingSeries, pos, pendingLen, MAX_RECORD - 1);
      byte[] rec = new byte[1 + end - pos];
      rec[0] = WalRecords.SERIES;
      System.arraycopy(pendingSeries, pos, rec, 1, end - pos);
      writeFramed(rec, 0, rec.length);
      pos = end;
    }
    pendingLen = 0;
    if (pendingSeries.length > 1 << 20) {
      pendingSeries = new byte[256];
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("BUG: WAL used after close");
    }
  }

  /**
   * Frames a record into the direct write buffer and writes it, cutting a new segment first if
   * needed. A direct buffer spares the copy the JDK makes of heap buffers on every write.
   */
  private void writeFramed(byte[] rec, int off, int len) throws IOException {
    if (segmentSize > 0 && segmentSize + HEADER + len > segmentBytes) {
      rotate();
    }
    crc.reset();
    crc.update(rec, off, len);
    if (direct.capacity() < HEADER + len) {
      direct = ByteBuffer.allocateDirect(Math.max(HEADER + len, direct.capacity() * 2));
    }
    ByteBuffer b = direct;
    b.clear();
    b.putInt(len).putInt((int) crc.getValue()).put(rec, off, len).flip();
    while (b.hasRemaining()) {
      segment.write(b);
    }
    segmentSize += HEADER + len;
    written += HEADER + len;
    if (direct.capacity() > 4 << 20) {
      direct = ByteBuffer.allocateDirect(1 << 16); // do not keep a huge import's buffer
    }
  }

  private void rotate() throws IOException {
    long start = System.nanoTime();
    segment.force(false);
    synced = written;
    if (fsyncDuration != null) {
      fsyncDuration.observe((System.nanoTime() - start) / 1e9);
    }
    segment.close();
    segmentIndex++;
    segment = openSegment(segmentIndex);
    segmentSize = 0;
    log.atDebug().addKeyValue("segment", segmentIndex).log("WAL segment started");
  }

  private FileChannel openSegment(int n) throws IOException {
    return FileChannel.open(
        dir.resolve(Segments.name(n)), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }
}
