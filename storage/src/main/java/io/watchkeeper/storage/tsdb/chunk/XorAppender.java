package io.watchkeeper.storage.tsdb.chunk;

import java.util.Arrays;

/**
 * Appends samples to a Gorilla XOR chunk (Pelkonen et al., "Gorilla", VLDB 2015, as adapted by
 * Prometheus {@code chunkenc.XORChunk}): delta-of-delta timestamps in buckets of 14/17/20/64 bits
 * and values XORed with their predecessor, storing only the meaningful bits. Layout in {@code
 * storage/docs/format/chunks.md}.
 *
 * <p>The chunk grows in place in small steps (a quarter of its size, at least 8 bytes), so an open
 * chunk costs little more than its encoded size; {@link #cut()} starts the next chunk in a fresh
 * array, leaving the old one immutable for readers that still hold it. The last timestamp and
 * value survive a cut, so the next chunk's first sample can be validated against them.
 *
 * <p>The head's series extends this class to save an object header and a pointer per series
 * (about 20 bytes, 5% of a series' heap). Not thread-safe: the owner guards it.
 */
public class XorAppender {
  /** The 2-byte big-endian sample count every XOR chunk starts with. */
  public static final int HEADER_BYTES = 2;
  /** Most samples a chunk can count. */
  public static final int MAX_SAMPLES = 0xffff;

  private static final byte[] NONE = new byte[0];
  private static final byte NO_WINDOW = (byte) 0xff;

  private byte[] buf = NONE;
  private int bitLen = HEADER_BYTES * 8;
  private char count; // at most MAX_SAMPLES: 16 bits, to keep head series small
  private long t = Long.MIN_VALUE;
  private long vBits;
  private long tDelta;
  private byte leading = NO_WINDOW;
  private byte trailing;
  /** Size the previous chunk ended at: series behave alike from chunk to chunk. */
  private short previousSize;

  /** Samples in the open chunk. */
  public final int count() {
    return count;
  }

  /** Encoded size of the open chunk in bytes. */
  public final int byteLength() {
    return (bitLen + 7) >>> 3;
  }

  /**
   * The array holding the open chunk's {@link #byteLength()} bytes. Bytes already written never
   * change; later appends only add bits after them, so a reader may decode the first {@code n}
   * samples it saw counted without a lock.
   */
  public final byte[] buffer() {
    return buf;
  }

  /** A copy of the open chunk's bytes: a complete chunk. */
  public final byte[] toByteArray() {
    return Arrays.copyOf(buf, byteLength());
  }

  /** Timestamp of the last sample appended (also after a cut), {@link Long#MIN_VALUE} if none. */
  public final long lastTimestamp() {
    return t;
  }

  /** Value of the last sample appended, as raw bits. */
  public final long lastValueBits() {
    return vBits;
  }

  /** Timestamp of the open chunk's first sample; only valid when {@link #count()} > 0. */
  public final long firstTimestamp() {
    return firstTimestamp(buf, 0);
  }

  /** The first timestamp of the XOR chunk at {@code b[off]}: a zigzag varint after the header. */
  public static long firstTimestamp(byte[] b, int off) {
    long u = 0;
    int p = off + HEADER_BYTES;
    for (int shift = 0; shift < 64 && p < b.length; shift += 7) {
      int x = b[p++];
      u |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        break;
      }
    }
    return (u >>> 1) ^ -(u & 1);
  }

  /** Appends a sample; {@code t} must be greater than the previous one (the caller checks). */
  public final void append(long t, double v) {
    if (count == MAX_SAMPLES) {
      throw new IllegalStateException("BUG: XOR chunk full (" + MAX_SAMPLES + " samples)");
    }
    long bits = Double.doubleToRawLongBits(v);
    if (count == 0) {
      ensure(10 * 8 + 64);
      writeUvarint((t << 1) ^ (t >> 63));
      put(bits, 64);
    } else if (count == 1) {
      long d = t - this.t;
      ensure(10 * 8 + valueBits(bits ^ vBits));
      writeUvarint(d);
      writeValue(bits);
      tDelta = d;
    } else {
      long d = t - this.t;
      long dod = d - tDelta;
      // Grow by exactly what this sample needs, so an open chunk carries little slack.
      ensure(dodBits(dod) + valueBits(bits ^ vBits));
      writeDod(dod);
      writeValue(bits);
      tDelta = d;
    }
    this.t = t;
    vBits = bits;
    count++;
    buf[0] = (byte) (count >>> 8);
    buf[1] = (byte) count;
  }

  /**
   * Sets the last sample without encoding it, for samples persisted elsewhere (WAL replay); the
   * open chunk must be empty.
   */
  public final void skipTo(long t, double v) {
    if (count != 0) {
      throw new IllegalStateException("BUG: skipTo on a chunk with samples");
    }
    this.t = t;
    vBits = Double.doubleToRawLongBits(v);
  }

  /** Ends the open chunk; the next append starts a new one in a new array. */
  public final void cut() {
    previousSize = (short) Math.min(Short.MAX_VALUE, byteLength());
    buf = NONE;
    bitLen = HEADER_BYTES * 8;
    count = 0;
    leading = NO_WINDOW;
    trailing = 0;
    tDelta = 0;
  }

  /** Forgets the last sample too: as if nothing was ever appended. */
  public final void clear() {
    cut();
    t = Long.MIN_VALUE;
    vBits = 0;
  }

  private static int dodBits(long dod) {
    if (dod == 0) {
      return 1;
    }
    return fits(dod, 14) ? 16 : fits(dod, 17) ? 20 : fits(dod, 20) ? 24 : 68;
  }

  /** Bits {@link #writeValue} will use for the XOR {@code x}. */
  private int valueBits(long x) {
    if (x == 0) {
      return 1;
    }
    int lead = Math.min(Long.numberOfLeadingZeros(x), 31);
    int trail = Long.numberOfTrailingZeros(x);
    if (leading != NO_WINDOW && lead >= leading && trail >= trailing) {
      return 2 + 64 - leading - trailing;
    }
    return 13 + 64 - lead - trail;
  }

  private void writeDod(long dod) {
    if (dod == 0) {
      bitLen++; // a single 0 bit; the array is zeroed
    } else if (fits(dod, 14)) {
      put((0b10L << 14) | (dod & 0x3fff), 16);
    } else if (fits(dod, 17)) {
      put((0b110L << 17) | (dod & 0x1ffff), 20);
    } else if (fits(dod, 20)) {
      put((0b1110L << 20) | (dod & 0xfffff), 24);
    } else {
      put(0b1111, 4);
      put(dod, 64);
    }
  }

  private void writeValue(long bits) {
    long x = bits ^ vBits;
    if (x == 0) {
      bitLen++;
      return;
    }
    int lead = Math.min(Long.numberOfLeadingZeros(x), 31);
    int trail = Long.numberOfTrailingZeros(x);
    if (leading != NO_WINDOW && lead >= leading && trail >= trailing) {
      put(0b10, 2);
      put(x >>> trailing, 64 - leading - trailing);
    } else {
      int sig = 64 - lead - trail;
      put((0b11L << 11) | ((long) lead << 6) | (sig & 63), 13);
      put(x >>> trail, sig);
      leading = (byte) lead;
      trailing = (byte) trail;
    }
  }

  static boolean fits(long v, int bits) {
    long half = 1L << (bits - 1);
    return v >= -half && v < half;
  }

  private void writeUvarint(long v) {
    while ((v & ~0x7fL) != 0) {
      put((v & 0x7f) | 0x80, 8);
      v >>>= 7;
    }
    put(v, 8);
  }

  private void put(long value, int n) {
    bitLen = (int) Bits.write(buf, bitLen, value, n);
  }

  /**
   * Makes room for {@code moreBits}; grows by a quarter, in 8-byte steps (the heap's granule). A
   * new chunk starts at the previous chunk's size plus an eighth, so a series whose data compress
   * as before never grows its array: every growth copy is garbage that lives long enough to be
   * promoted (a chunk fills over minutes), and at 100k series the copies were most of what filled
   * the old generation and caused its full collections. The price is the unused tail of the open
   * chunk, half a chunk on average.
   */
  private void ensure(int moreBits) {
    int need = (bitLen + moreBits + 7) >>> 3;
    if (need > buf.length) {
      int grown = Math.max(need, buf.length == 0 ? previousSize + (previousSize >>> 3) : buf.length + Math.max(8, buf.length >>> 2));
      buf = Arrays.copyOf(buf, Math.max(24, (grown + 7) & ~7));
    }
  }
}
