package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.StorageException;
import io.watchkeeper.storage.tsdb.wal.Segments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's full chunks on disk ({@code chunks_head/}, Prometheus' memory-mapped head chunks):
 * when a series' open chunk fills up, it is appended to a segment file here and dropped from the
 * heap; readers map the files read-only. This keeps the head's heap to the open chunks: at one
 * sample per second a two-hour head holds 7200 samples per series, 60 chunks, of which only one is
 * on the heap.
 *
 * <p>Writes go through {@link FileChannel#write(ByteBuffer, long)}, not a writable mapping: pages
 * written that way sit in the page cache and count towards the process's resident memory only
 * while a query maps them in.
 *
 * <p>A chunk reference packs the segment (24 bits), the data offset (27 bits) and the data length
 * (13 bits), so reading needs no header. Records carry the series id, time range and a CRC32C so
 * that startup can rebuild the series' chunk lists instead of replaying those samples from the WAL
 * (format: {@code storage/docs/format/head_chunks.md}).
 *
 * <p>Thread-safe: writes are serialised by a lock; reads are lock-free on immutable mappings,
 * remapping the active segment under its monitor when it has grown.
 */
final class HeadChunkFiles implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeadChunkFiles.class);
  static final int MAGIC = 0x574b4843; // "WKHC"
  static final int FILE_HEADER = 8;
  static final int RECORD_HEADER = 4 + 8 + 8 + 1 + 2;
  static final long SEGMENT_BYTES = 1L << 27;
  static final int MAX_CHUNK = (1 << 13) - 1;

  private final Path dir;
  private final Map<Integer, Segment> segments = new ConcurrentHashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final CRC32C crc = new CRC32C(); // guarded by writeLock
  private final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER); // guarded by writeLock
  private Segment active; // guarded by writeLock

  /** A chunk found at startup. */
  interface ChunkVisitor {
    void chunk(int seriesId, long minT, long maxT, long ref);
  }

  private HeadChunkFiles(Path dir, int firstSegment) throws IOException {
    this.dir = dir;
    this.active = Segment.create(dir, firstSegment);
    segments.put(firstSegment, active);
  }

  /**
   * Opens the directory: reads the chunks of existing segments (checking each record, truncating a
   * torn tail and dropping later segments, with a warning), hands them to {@code visitor}, and
   * starts a new segment for writing.
   *
   * @param corruptions called once per corrupt segment found
   */
  static HeadChunkFiles open(Path dir, ChunkVisitor visitor, Runnable corruptions) throws IOException {
    Files.createDirectories(dir);
    List<Integer> existing = Segments.list(dir);
    int next = 1;
    boolean broken = false;
    Map<Integer, Segment> loaded = new HashMap<>();
    for (int n : existing) {
      Path p = dir.resolve(Segments.name(n));
      if (broken) {
        log.atWarn().addKeyValue("segment", p).log("deleting head chunk segment after a corrupt one");
        Files.deleteIfExists(p);
        continue;
      }
      Segment s = Segment.openExisting(p, n);
      long valid = s.scan(visitor);
      if (valid < s.size) {
        corruptions.run();
        log.atWarn()
            .addKeyValue("segment", p)
            .addKeyValue("offset", valid)
            .addKeyValue("bytes_dropped", s.size - valid)
            .log("head chunk segment has a torn or corrupt tail: truncated; its samples are replayed from the WAL");
        s.truncate(valid);
        broken = true;
      }
      s.mapFully();
      loaded.put(n, s);
      next = n + 1;
    }
    HeadChunkFiles f = new HeadChunkFiles(dir, next);
    f.segments.putAll(loaded);
    return f;
  }

  /** Writes a full chunk; returns its reference. */
  long write(int seriesId, long minT, long maxT, byte encoding, byte[] data, int len) {
    if (len > MAX_CHUNK) {
      throw new IllegalArgumentException("BUG: head chunk of " + len + " bytes");
    }
    writeLock.lock();
    try {
      int recLen = RECORD_HEADER + len + 4;
      if (active.size + recLen > SEGMENT_BYTES) {
        rotate();
      }
      header.clear();
      header.putInt(seriesId).putLong(minT).putLong(maxT).put(encoding).putShort((short) len).flip();
      crc.reset();
      crc.update(header.array(), 0, RECORD_HEADER);
      crc.update(data, 0, len);
      ByteBuffer rec = ByteBuffer.allocate(recLen);
      rec.put(header).put(data, 0, len).putInt((int) crc.getValue()).flip();
      long at = active.size;
      active.writeFully(rec, at);
      active.size = at + recLen;
      active.maxT = Math.max(active.maxT, maxT);
      return ref(active.index, at + RECORD_HEADER, len);
    } catch (IOException e) {
      throw new StorageException("cannot write head chunk to " + active.path, e);
    } finally {
      writeLock.unlock();
    }
  }

  static long ref(int segment, long dataOffset, int len) {
    return ((long) segment << 40) | (dataOffset << 13) | len;
  }

  static int refSegment(long ref) {
    return (int) (ref >>> 40);
  }

  static int refLength(long ref) {
    return (int) (ref & MAX_CHUNK);
  }

  /**
   * The segments as they are now; a querier keeps this so truncation cannot pull files away.
   * Segments started later are looked up when first needed: a series' chunk list is copied when the
   * querier selects it, and may by then name a chunk written to a newer segment.
   */
  Snapshot snapshot() {
    return new Snapshot(Map.copyOf(segments), this);
  }

  /** Segments kept for a reader (see {@link #snapshot()}). */
  record Snapshot(Map<Integer, Segment> taken, HeadChunkFiles files) {
    @Nullable Segment segment(int index) {
      Segment s = taken.get(index);
      return s != null ? s : files.segments.get(index);
    }
  }

  /** Copies the chunk's bytes into {@code dst} (at least {@link #refLength} long). */
  static void read(Snapshot snapshot, long ref, byte[] dst) {
    int seg = refSegment(ref);
    int off = (int) ((ref >>> 13) & ((1L << 27) - 1));
    int len = refLength(ref);
    Segment s = snapshot.segment(seg);
    if (s == null) {
      throw new StorageException("BUG: head chunk segment " + seg + " not found");
    }
    s.mapping(off + len).get(off, dst, 0, len);
  }

  /** Starts a new segment, so every chunk written so far is in older ones. */
  void cut() {
    writeLock.lock();
    try {
      rotate();
    } catch (IOException e) {
      throw new StorageException("cannot start head chunk segment in " + dir, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Deletes segments (not the active one) whose chunks all end before {@code minT} and that no
   * series still lists: those before {@code oldestReferenced}, the oldest segment a series' first
   * chunk is in. (A series may keep a chunk that ends before {@code minT}: it drops a chunk by its
   * successor's start, the only end it knows in memory.)
   */
  void truncateBefore(long minT, int oldestReferenced) {
    writeLock.lock();
    try {
      for (Segment s : List.copyOf(segments.values())) {
        if (s != active && s.maxT < minT && s.index < oldestReferenced) {
          segments.remove(s.index);
          s.delete();
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot delete head chunk segment in " + dir, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Bytes on disk. */
  long sizeBytes() {
    long n = 0;
    for (Segment s : segments.values()) {
      n += s.size;
    }
    return n;
  }

  private void rotate() throws IOException {
    active.mapFully();
    Segment next = Segment.create(dir, active.index + 1);
    segments.put(next.index, next);
    active = next;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      for (Segment s : segments.values()) {
        s.ch.close();
      }
    } catch (IOException e) {
      throw new StorageException("cannot close head chunk files in " + dir, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** One segment file. */
  static final class Segment {
    final int index;
    final Path path;
    final FileChannel ch;
    volatile long size;
    volatile long maxT = Long.MIN_VALUE;
    private volatile MappedByteBuffer map;

    private Segment(int index, Path path, FileChannel ch, long size) throws IOException {
      this.index = index;
      this.path = path;
      this.ch = ch;
      this.size = size;
      this.map = ch.map(FileChannel.MapMode.READ_ONLY, 0, 0);
    }

    static Segment create(Path dir, int index) throws IOException {
      Path p = dir.resolve(Segments.name(index));
      FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
      ByteBuffer h = ByteBuffer.allocate(FILE_HEADER).putInt(MAGIC).put((byte) 1).put(new byte[3]).flip();
      while (h.hasRemaining()) {
        ch.write(h, h.position());
      }
      return new Segment(index, p, ch, FILE_HEADER);
    }

    static Segment openExisting(Path p, int index) throws IOException {
      FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
      return new Segment(index, p, ch, ch.size());
    }

    void writeFully(ByteBuffer b, long at) throws IOException {
      long pos = at;
      while (b.hasRemaining()) {
        pos += ch.write(b, pos);
      }
    }

    /** A mapping covering at least {@code [0, end)}. */
    MappedByteBuffer mapping(long end) {
      MappedByteBuffer m = map;
      if (m.capacity() >= end) {
        return m;
      }
      synchronized (this) {
        m = map;
        if (m.capacity() < end) {
          try {
            m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
          } catch (IOException e) {
            throw new StorageException("cannot map head chunk segment " + path, e);
          }
          map = m;
        }
        return m;
      }
    }

    void mapFully() {
      mapping(size);
    }

    /** Visits valid records; returns where the valid prefix ends. */
    long scan(ChunkVisitor visitor) throws IOException {
      if (size < FILE_HEADER) {
        return 0;
      }
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      if (m.getInt(0) != MAGIC) {
        return 0;
      }
      CRC32C c = new CRC32C();
      byte[] buf = new byte[RECORD_HEADER + MAX_CHUNK];
      long pos = FILE_HEADER;
      while (pos + RECORD_HEADER + 4 <= size) {
        int p = (int) pos;
        int len = m.getShort(p + 21) & 0xffff;
        if (len == 0 || len > MAX_CHUNK || pos + RECORD_HEADER + len + 4 > size) {
          break;
        }
        m.get(p, buf, 0, RECORD_HEADER + len);
        c.reset();
        c.update(buf, 0, RECORD_HEADER + len);
        if ((int) c.getValue() != m.getInt(p + RECORD_HEADER + len)) {
          break;
        }
        long chunkMaxT = m.getLong(p + 12);
        visitor.chunk(m.getInt(p), m.getLong(p + 4), chunkMaxT, ref(index, pos + RECORD_HEADER, len));
        maxT = Math.max(maxT, chunkMaxT);
        pos += RECORD_HEADER + len + 4;
      }
      return pos == FILE_HEADER && size == FILE_HEADER ? size : pos;
    }

    void truncate(long validEnd) throws IOException {
      ch.truncate(Math.max(validEnd, FILE_HEADER));
      if (validEnd < FILE_HEADER) {
        ByteBuffer h = ByteBuffer.allocate(FILE_HEADER).putInt(MAGIC).put((byte) 1).put(new byte[3]).flip();
        writeFully(h, 0);
      }
      size = Math.max(validEnd, FILE_HEADER);
      map = ch.map(FileChannel.MapMode.READ_ONLY, 0, 0);
    }

    void delete() throws IOException {
      ch.close();
      Files.deleteIfExists(path);
    }
  }
}
