package io.watchkeeper.storage.tsdb.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment file in order, checking each frame's length and CRC32C. Stops
 * with {@link WalCorruptionException} at the first bad frame, giving the offset where the valid
 * prefix ends so the caller can truncate there. Reads the file in 1 MiB windows. Not thread-safe.
 */
public final class WalReader implements AutoCloseable {
  private static final int WINDOW = 1 << 20;

  private final Path path;
  private final FileChannel ch;
  private final long size;
  private final CRC32C crc = new CRC32C();
  private byte[] win = new byte[WINDOW];
  private long winStart; // file offset of win[0]
  private int winLen;
  private int recOff; // the current record's payload, in win
  private int recLen;
  private long offset; // file offset after the last valid record
  private long recordStart;

  public WalReader(Path path) throws IOException {
    this.path = path;
    this.ch = FileChannel.open(path, StandardOpenOption.READ);
    this.size = ch.size();
  }

  /** Segment size in bytes. */
  public long size() {
    return size;
  }

  /** Bytes read so far: the end of the last valid record. */
  public long offset() {
    return offset;
  }

  /** The segment being read. */
  public Path path() {
    return path;
  }

  /**
   * Reads the next record and returns true, or returns false at the clean end of the segment.
   *
   * @throws WalCorruptionException at a torn or corrupt record
   */
  public boolean next() throws IOException, WalCorruptionException {
    recordStart = offset;
    if (offset == size) {
      return false;
    }
    if (size - offset < Wal.HEADER) {
      throw new WalCorruptionException(path, offset, "truncated record header");
    }
    int at = fill(offset, Wal.HEADER);
    int n = getInt(win, at);
    int want = getInt(win, at + 4);
    if (n <= 0 || n > Wal.MAX_RECORD) {
      throw new WalCorruptionException(path, offset, "invalid record length " + n);
    }
    if (size - offset - Wal.HEADER < n) {
      throw new WalCorruptionException(path, offset, "record of " + n + " bytes cut short");
    }
    at = fill(offset, Wal.HEADER + n) + Wal.HEADER;
    crc.reset();
    crc.update(win, at, n);
    if ((int) crc.getValue() != want) {
      throw new WalCorruptionException(path, offset, "checksum mismatch");
    }
    recOff = at;
    recLen = n;
    offset += Wal.HEADER + n;
    return true;
  }

  /** The array holding the current record; see {@link #recordOffset()}, {@link #length()}. */
  public byte[] buffer() {
    return win;
  }

  /** Where the current record's payload starts in {@link #buffer()}. */
  public int recordOffset() {
    return recOff;
  }

  /** The current record's payload length. */
  public int length() {
    return recLen;
  }

  /** Where the current record starts in the segment file. */
  public long recordStart() {
    return recordStart;
  }

  /** Makes file bytes {@code [pos, pos + n)} available in the window; returns their index. */
  private int fill(long pos, int n) throws IOException {
    if (pos >= winStart && pos + n <= winStart + winLen) {
      return (int) (pos - winStart);
    }
    if (n > win.length) {
      win = new byte[Math.max(n, win.length * 2)];
    }
    winStart = pos;
    winLen = 0;
    int want = (int) Math.min(win.length, size - pos);
    ByteBuffer bb = ByteBuffer.wrap(win, 0, want);
    while (bb.hasRemaining()) {
      int r = ch.read(bb, pos + bb.position());
      if (r < 0) {
        break;
      }
    }
    winLen = bb.position();
    if (winLen < n) {
      throw new IOException("unexpected end of " + path);
    }
    return 0;
  }

  private static int getInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
