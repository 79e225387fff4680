package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.tsdb.chunk.BitWriter;
import io.watchkeeper.storage.tsdb.chunk.DecimalChunk;
import io.watchkeeper.storage.tsdb.chunk.XorAppender;
import io.watchkeeper.storage.tsdb.encoding.Encbuf;
import io.watchkeeper.storage.tsdb.index.IndexWriter;
import io.watchkeeper.storage.tsdb.wal.Checkpoint;
import io.watchkeeper.storage.tsdb.wal.Segments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes one block directory: {@code chunks/NNNNNNNN} segment files of series records, the {@code
 * index} and {@code meta.json} (formats in {@code storage/docs/format/}). Series come in label
 * order, each with all its samples in the block's range, sorted and without duplicate timestamps.
 * Each series' samples are split evenly into chunks of at most {@value #CHUNK_SAMPLES} samples,
 * each encoded as a {@link DecimalChunk} or, when that is impossible or larger, an XOR chunk. The
 * caller writes into a temporary directory and renames it when {@link #finish} returns. Not
 * thread-safe.
 */
final class BlockWriter implements AutoCloseable {
  /**
   * Samples per block chunk. Twice the head's 120: block chunks compress better when longer, and
   * seeking into one decodes at most this many samples (about a microsecond).
   */
  static final int CHUNK_SAMPLES = 240;
  static final long CHUNK_SEGMENT_BYTES = 512L << 20;
  static final int CHUNKS_MAGIC = 0x574b4243; // "WKBC"
  static final int CHUNKS_HEADER = 8;
  static final byte ENC_XOR = 1;
  static final byte ENC_DECIMAL = 2;

  private final Path dir;
  private final long minT;
  private final long maxT;
  private final IndexWriter index;
  private final Path chunksDir;
  private FileChannel chunks;
  private int segment;
  private long segOffset;
  private final Encbuf rec = new Encbuf(4096);
  private final Encbuf data = new Encbuf(4096);
  private final BitWriter dec = new BitWriter(512);
  private long[] scratch = new long[2 * CHUNK_SAMPLES];
  private long numSeries;
  private long numChunks;
  private long numSamples;
  private ByteBuffer out = ByteBuffer.allocate(1 << 20);

  BlockWriter(Path dir, long minT, long maxT) throws IOException {
    this.dir = dir;
    this.minT = minT;
    this.maxT = maxT;
    Files.createDirectories(dir);
    this.chunksDir = dir.resolve("chunks");
    Files.createDirectories(chunksDir);
    this.index = new IndexWriter(dir.resolve("index"));
    openSegment(1);
  }

  long numSeries() {
    return numSeries;
  }

  long numSamples() {
    return numSamples;
  }

  /** Adds a series with samples {@code [0, n)}; {@code n >= 1}. */
  void addSeries(Labels labels, long[] ts, double[] vs, int n) throws IOException {
    if (n < 1) {
      throw new IllegalArgumentException("BUG: series without samples");
    }
    if (ts[0] < minT || ts[n - 1] >= maxT) {
      throw new IllegalArgumentException("BUG: samples outside block range [" + minT + ", " + maxT + ")");
    }
    int k = (n + CHUNK_SAMPLES - 1) / CHUNK_SAMPLES;
    int per = (n + k - 1) / k;
    rec.reset();
    data.reset();
    rec.putUvarint(k);
    rec.putVarint(ts[0] - minT);
    int from = 0;
    long prevMin = ts[0];
    for (int c = 0; c < k; c++) {
      int cnt = Math.min(per, n - from);
      int before = data.length();
      byte enc = encodeChunk(ts, vs, from, cnt);
      rec.putByte(enc);
      rec.putUvarint(data.length() - before);
      if (c > 0) {
        rec.putUvarint(ts[from] - prevMin);
      }
      prevMin = ts[from];
      from += cnt;
    }
    rec.putUvarint(ts[n - 1] - prevMin);
    rec.putBytes(data.array(), 0, data.length());
    if (segOffset + rec.length() > CHUNK_SEGMENT_BYTES && segOffset > CHUNKS_HEADER) {
      flushOut();
      chunks.force(true);
      chunks.close();
      openSegment(segment + 1);
    }
    long at = segOffset;
    write(rec.array(), rec.length());
    index.add(labels, segment, at, rec.array(), 0, rec.length());
    numSeries++;
    numChunks += k;
    numSamples += n;
  }

  /** Encodes samples {@code [from, from + n)} into {@link #data}; returns the encoding used. */
  private byte encodeChunk(long[] ts, double[] vs, int from, int n) {
    if (scratch.length < 2 * n) {
      scratch = new long[2 * n];
    }
    dec.reset();
    boolean decimal = DecimalChunk.encode(ts, vs, from, n, dec, scratch);
    XorAppender xor = new XorAppender();
    for (int i = from; i < from + n; i++) {
      xor.append(ts[i], vs[i]);
    }
    if (decimal && dec.byteLength() <= xor.byteLength()) {
      data.putBytes(dec.buffer(), 0, dec.byteLength());
      return ENC_DECIMAL;
    }
    data.putBytes(xor.buffer(), 0, xor.byteLength());
    return ENC_XOR;
  }

  private void openSegment(int n) throws IOException {
    segment = n;
    chunks = FileChannel.open(chunksDir.resolve(Segments.name(n)), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    segOffset = 0;
    byte[] h = {(byte) (CHUNKS_MAGIC >>> 24), (byte) (CHUNKS_MAGIC >>> 16), (byte) (CHUNKS_MAGIC >>> 8), (byte) CHUNKS_MAGIC, 1, 0, 0, 0};
    write(h, h.length);
  }

  private void write(byte[] b, int len) throws IOException {
    if (out.remaining() < len) {
      flushOut();
      if (out.capacity() < len) {
        out = ByteBuffer.allocate(len);
      }
    }
    out.put(b, 0, len);
    segOffset += len;
  }

  private void flushOut() throws IOException {
    out.flip();
    while (out.hasRemaining()) {
      chunks.write(out);
    }
    out.clear();
  }

  /** Completes the block: index and meta written and synced. */
  BlockMeta finish(String id, int level, List<String> sources, List<String> parents, long headMaxTime,
      boolean outOfOrder) throws IOException {
    flushOut();
    chunks.force(true);
    chunks.close();
    index.finish();
    BlockMeta meta = new BlockMeta(id, minT, maxT, numSeries, numChunks, numSamples, level, sources, parents,
        headMaxTime, outOfOrder);
    meta.write(dir);
    try (FileChannel m = FileChannel.open(dir.resolve(BlockMeta.FILE), StandardOpenOption.WRITE)) {
      m.force(true);
    }
    Checkpoint.fsyncDir(chunksDir);
    Checkpoint.fsyncDir(dir);
    return meta;
  }

  @Override
  public void close() throws IOException {
    if (chunks.isOpen()) {
      chunks.close();
    }
    index.close();
  }
}
