package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.StorageException;
import io.watchkeeper.storage.tsdb.encoding.CorruptDataException;
import io.watchkeeper.storage.tsdb.index.IndexReader;
import io.watchkeeper.storage.tsdb.wal.Checkpoint;
import io.watchkeeper.storage.tsdb.wal.Segments;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable on-disk block, memory-mapped: its index and chunk segments are read lazily through
 * the page cache. Reference-counted: queriers {@link #acquire()} it, and a block that compaction
 * or retention deleted is closed and its directory removed only when the last one releases it.
 * Thread-safe.
 */
final class Block {
  private static final Logger log = LoggerFactory.getLogger(Block.class);

  private final Path dir;
  private final BlockMeta meta;
  private final IndexReader index;
  private final MappedByteBuffer[] segments;
  private final long sizeBytes;
  private final AtomicInteger refs = new AtomicInteger(1); // the TSDB's own reference
  private volatile boolean deleted;

  private Block(Path dir, BlockMeta meta, IndexReader index, MappedByteBuffer[] segments, long sizeBytes) {
    this.dir = dir;
    this.meta = meta;
    this.index = index;
    this.segments = segments;
    this.sizeBytes = sizeBytes;
  }

  /** Opens a block directory; checks its meta, index checksum and chunk segment headers. */
  static Block open(Path dir, UnaryOperator<String> intern) throws IOException {
    BlockMeta meta = BlockMeta.read(dir);
    if (!meta.id().equals(dir.getFileName().toString())) {
      throw new IOException("cannot open block " + dir + ": meta.json names block " + meta.id());
    }
    IndexReader index;
    try {
      index = IndexReader.open(dir.resolve("index"), intern);
    } catch (CorruptDataException e) {
      throw new IOException("cannot open block " + dir + ": " + e.getMessage(), e);
    }
    List<Integer> segs = Segments.list(dir.resolve("chunks"));
    MappedByteBuffer[] maps = new MappedByteBuffer[segs.size()];
    long size = index.sizeBytes() + Files.size(dir.resolve(BlockMeta.FILE));
    for (int i = 0; i < segs.size(); i++) {
      if (segs.get(i) != i + 1) {
        throw new IOException("cannot open block " + dir + ": chunk segment " + (i + 1) + " missing");
      }
      Path p = dir.resolve("chunks").resolve(Segments.name(i + 1));
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        maps[i] = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        size += ch.size();
      }
      if (maps[i].capacity() < BlockWriter.CHUNKS_HEADER || maps[i].getInt(0) != BlockWriter.CHUNKS_MAGIC) {
        throw new IOException("cannot open block " + dir + ": " + p + " is not a chunk segment");
      }
    }
    return new Block(dir, meta, index, maps, size);
  }

  BlockMeta meta() {
    return meta;
  }

  Path dir() {
    return dir;
  }

  IndexReader index() {
    return index;
  }

  long sizeBytes() {
    return sizeBytes;
  }

  /** Takes a reference for a reader; false if the block is being deleted. */
  boolean acquire() {
    while (true) {
      int r = refs.get();
      if (r <= 0) {
        return false;
      }
      if (refs.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one of a deleted block removes its directory. */
  void release() {
    if (refs.decrementAndGet() == 0 && deleted) {
      try {
        Checkpoint.deleteRecursively(dir);
      } catch (IOException e) {
        log.atWarn().addKeyValue("block", dir).setCause(e).log("cannot delete block directory; retried at next start");
      }
    }
  }

  /** Marks the block deleted and drops the TSDB's reference. */
  void delete() {
    deleted = true;
    release();
  }

  /**
   * Series {@code id} restricted to {@code [mint, maxt]}, or null if it has no samples there.
   * {@code cursor} must come from this block's index.
   *
   * <p>Only the headers of the chunks overlapping the range are kept, so a short window costs the
   * same in a 2-hour block as in a 31-day one: the record's chunk list is read twice, once to find
   * those chunks and where the data starts, once to copy their headers.
   */
  @Nullable Series series(IndexReader.Cursor cursor, int id, long mint, long maxt) {
    IndexReader.SeriesEntry e = cursor.series(id);
    MappedByteBuffer seg = segment(e.segment());
    int start = (int) e.offset();
    int end = start + e.length();
    Pos pos = new Pos(seg, start, end);
    int k = (int) pos.uvarint();
    if (k < 1) {
      throw corrupt(id);
    }
    long t0 = meta.minTime() + pos.varint();
    int headers = pos.at;
    // Chunk c spans [min_c, min_{c+1}): the first one overlapping is the last starting at or
    // before mint (else the first), the last one the last starting at or before maxt.
    int first = 0;
    int last = 0;
    long dataLen = 0;
    long t = t0;
    for (int c = 0; c < k; c++) {
      pos.next();
      dataLen += pos.uvarint();
      if (c > 0) {
        t += pos.uvarint();
      }
      if (t <= mint) {
        first = c;
      }
      if (t <= maxt) {
        last = c;
      }
    }
    long seriesMax = t + pos.uvarint();
    if (pos.at + dataLen > end) {
      throw corrupt(id);
    }
    if (seriesMax < mint || t0 > maxt) {
      return null;
    }
    last = Math.max(first, last);
    int n = last - first + 1;
    byte[] encs = new byte[n];
    int[] lens = new int[n];
    long[] mins = new long[n];
    int[] offs = new int[n];
    int off = pos.at;
    pos.at = headers;
    t = t0;
    for (int c = 0; c <= last; c++) {
      byte enc = (byte) pos.next();
      int len = (int) pos.uvarint();
      if (c > 0) {
        t += pos.uvarint();
      }
      if (c >= first) {
        encs[c - first] = enc;
        lens[c - first] = len;
        mins[c - first] = t;
        offs[c - first] = off;
      }
      off += len;
    }
    return new BlockSeries(e.labels(), seg, encs, lens, mins, offs, mint, maxt);
  }

  private StorageException corrupt(int id) {
    return new StorageException("corrupt series record in block " + dir + " (series " + id + ")");
  }

  private MappedByteBuffer segment(int n) {
    if (n < 1 || n > segments.length) {
      throw new StorageException("block " + dir + " refers to missing chunk segment " + n);
    }
    return segments[n - 1];
  }

  /** Checks every series group's chunk CRC32C; throws {@link StorageException} on a mismatch. */
  void verifyChunks() {
    IndexReader.Cursor c = index.cursor();
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[4096];
    int n = index.numSeries();
    long lastStart = -1;
    for (int id = 0; id < n; id++) {
      IndexReader.GroupSpan g = c.groupSpan(id);
      if (g.offset() == lastStart) {
        continue;
      }
      lastStart = g.offset();
      if (buf.length < g.length()) {
        buf = new byte[(int) g.length()];
      }
      MappedByteBuffer seg = segment(g.segment());
      if (g.offset() + g.length() > seg.capacity()) {
        throw new StorageException("block " + dir + ": chunk data cut short at series " + id);
      }
      seg.get((int) g.offset(), buf, 0, (int) g.length());
      crc.reset();
      crc.update(buf, 0, (int) g.length());
      if ((int) crc.getValue() != g.crc()) {
        throw new StorageException("block " + dir + ": chunk data of series " + id + " fails its checksum");
      }
    }
  }

  /** A cursor reading varints from a mapping. */
  private static final class Pos {
    final MappedByteBuffer b;
    int at;
    final int end;

    Pos(MappedByteBuffer b, int at, int end) {
      this.b = b;
      this.at = at;
      this.end = end;
    }

    int next() {
      if (at >= end) {
        throw new CorruptDataException("series record cut short");
      }
      return b.get(at++) & 0xff;
    }

    long uvarint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = next();
        v |= (long) (x & 0x7f) << shift;
        if (x < 0x80) {
          return v;
        }
      }
      throw new CorruptDataException("varint too long");
    }

    long varint() {
      long u = uvarint();
      return (u >>> 1) ^ -(u & 1);
    }
  }

  /** A block series as a querier sees it: the headers of its chunks overlapping the range. */
  static final class BlockSeries implements Series {
    private final Labels labels;
    private final MappedByteBuffer seg;
    private final byte[] encs;
    private final int[] lens;
    private final long[] mins;
    private final int[] offs;
    private final long lo;
    private final long hi;

    BlockSeries(Labels labels, MappedByteBuffer seg, byte[] encs, int[] lens, long[] mins, int[] offs, long lo, long hi) {
      this.labels = labels;
      this.seg = seg;
      this.encs = encs;
      this.lens = lens;
      this.mins = mins;
      this.offs = offs;
      this.lo = lo;
      this.hi = hi;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    /** Chunks whose headers this series holds: those overlapping the querier's range. */
    int chunkCount() {
      return encs.length;
    }

    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      BlockIterator it = reuse instanceof BlockIterator b ? b : new BlockIterator();
      it.reset(this);
      return it;
    }
  }

  /** Decodes a block series' chunks. */
  static final class BlockIterator extends ChunkSeriesIterator {
    private byte[] scratch = new byte[1024];
    private @Nullable BlockSeries s;

    void reset(BlockSeries series) {
      this.s = series;
      restart(series.lo, series.hi);
    }

    private BlockSeries series() {
      BlockSeries x = s;
      if (x == null) {
        throw new IllegalStateException("BUG: iterator not reset");
      }
      return x;
    }

    @Override
    protected int chunkCount() {
      return series().encs.length;
    }

    @Override
    protected long chunkMinT(int i) {
      return series().mins[i];
    }

    @Override
    protected Decoder openChunk(int i) {
      BlockSeries x = series();
      int len = x.lens[i];
      if (scratch.length < len) {
        scratch = new byte[Math.max(len, scratch.length * 2)];
      }
      x.seg.get(x.offs[i], scratch, 0, len);
      switch (x.encs[i]) {
        case BlockWriter.ENC_DECIMAL -> {
          decimal.reset(scratch, 0, len, x.mins[i]);
          return Decoder.DECIMAL;
        }
        case BlockWriter.ENC_XOR -> {
          xor.reset(scratch, 0, len);
          return Decoder.XOR;
        }
        default -> throw new StorageException("unknown chunk encoding " + x.encs[i]);
      }
    }
  }
}
