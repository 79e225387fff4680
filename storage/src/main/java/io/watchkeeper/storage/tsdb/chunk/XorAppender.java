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
 * <p><b>Decimal mode</b> (the head's chunks; opt in with {@link #XorAppender(boolean)}): a chunk
 * whose first value is a decimal {@code m / 10^e} (|m| below 2^50) is written instead as a
 * <i>decimal-delta chunk</i>: the same header and timestamps, but values as their integer mantissa
 * at the chunk's exponent, each coded as the zig-zag delta from the previous mantissa (gauges) or
 * as the change of that delta (counters growing at a steady rate), in adaptive Rice codes whose
 * parameter follows a running mean, so the code stays near the entropy of the noise. Which order
 * a chunk uses is chosen from the series' previous chunk. The high bit of the 2-byte count marks
 * such a chunk; {@link XorIterator} reads both kinds. A value the chunk's exponent cannot represent
 * exactly ({@link #accepts} is false) needs a new chunk: the caller cuts. Exponents only grow from
 * chunk to chunk of a series, so a gauge whose values gain a decimal cuts early once, not every
 * time. Layout in {@code storage/docs/format/chunks.md}.
 *
 * <p>The head's series extends this class to save an object header and a pointer per series
 * (about 20 bytes, 5% of a series' heap). Not thread-safe: the owner guards it.
 */
public class XorAppender {
  /** The 2-byte big-endian sample count every XOR chunk starts with. */
  public static final int HEADER_BYTES = 2;
  /** Most samples a chunk can count. */
  public static final int MAX_SAMPLES = 0xffff;
  /** Most samples a decimal-delta chunk can count: the count's high bit marks the kind. */
  public static final int MAX_DECIMAL_SAMPLES = 0x7fff;
  /** The high bit of the count header: set on decimal-delta chunks. */
  public static final int DECIMAL_FLAG = 0x8000;
  /** Largest mantissa magnitude of a decimal-delta chunk: small enough that {@code round(v * 10^e)} is exact. */
  static final long MAX_MANTISSA = 1L << 50;
  /** Largest exponent: 10^18 is exact as a double. */
  static final int MAX_EXPONENT = 18;
  static final double[] POW10 = new double[MAX_EXPONENT + 1];

  static {
    double p = 1;
    for (int i = 0; i <= MAX_EXPONENT; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private static final byte XOR_CHUNK = -1;
  /** Running means are kept times 16 (one part in 16 per sample of smoothing). */
  static final int RICE_SCALE = 16;
  /** Longest unary quotient of a Rice code; this many ones escape to a 64-bit raw value. */
  static final int RICE_ESCAPE = 20;
  /** Saturation of the running mean, so that it fits an int and its header byte. */
  static final int RICE_MEAN_MAX = 1 << 30;

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
  /** Whether chunks may be decimal-delta chunks (the head's), or always XOR (blocks' fallback). */
  private final boolean decimal;
  /** The open chunk's exponent if it is a decimal-delta chunk, else {@link #XOR_CHUNK}. */
  private byte exponent = XOR_CHUNK;
  /** The smallest exponent the next decimal-delta chunk starts with: the largest used so far. */
  private byte minExponent;
  /** Value order of the open decimal-delta chunk (and, after a cut, of the next one): 0 deltas, 1 delta-of-deltas. */
  private byte order;
  /** Running mean of the Rice codes, times {@link #RICE_SCALE}; its start is written in the chunk header. */
  private int riceMean;
  /** The last mantissa delta of the open decimal-delta chunk (for delta-of-deltas). */
  private long mantissaDelta;

  /** An appender that writes XOR chunks only. */
  public XorAppender() {
    this(false);
  }

  /** An appender that writes decimal-delta chunks where the values allow, XOR chunks otherwise. */
  protected XorAppender(boolean decimal) {
    this.decimal = decimal;
  }

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
    if (count == 0 && decimal) {
      int e = exponentOf(bits, minExponent);
      if (e < 0 && minExponent > 0) {
        e = exponentOf(bits, 0); // a value too large for the series' usual exponent
      }
      exponent = (byte) e; // -1: an XOR chunk
      if (e > minExponent) {
        minExponent = (byte) e;
      }
    }
    if (exponent != XOR_CHUNK) {
      appendDecimal(t, bits);
      return;
    }
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
    int header = exponent == XOR_CHUNK ? count : count | DECIMAL_FLAG;
    buf[0] = (byte) (header >>> 8);
    buf[1] = (byte) header;
  }

  /** Whether the open chunk is a decimal-delta chunk. */
  public final boolean isDecimalChunk() {
    return exponent != XOR_CHUNK;
  }

  /**
   * Whether {@code v} can be appended to the open chunk; false only for a decimal-delta chunk and a
   * value its exponent cannot represent exactly (or a full one): then {@link #cut()} first.
   */
  public final boolean accepts(double v) {
    if (exponent == XOR_CHUNK || count == 0) {
      return true;
    }
    return count < MAX_DECIMAL_SAMPLES && mantissa(Double.doubleToRawLongBits(v), exponent) != NOT_DECIMAL;
  }

  private static final long NOT_DECIMAL = Long.MIN_VALUE;

  /** The mantissa of {@code bits} at exponent {@code e} if exact and small enough, else {@link #NOT_DECIMAL}. */
  static long mantissa(long bits, int e) {
    double v = Double.longBitsToDouble(bits);
    if (e == 0) { // integers, the common case: no division
      if (!(Math.abs(v) < MAX_MANTISSA)) {
        return NOT_DECIMAL;
      }
      long m = (long) v;
      return Double.doubleToRawLongBits((double) m) == bits ? m : NOT_DECIMAL;
    }
    double scaled = v * POW10[e];
    if (!(Math.abs(scaled) < MAX_MANTISSA)) {
      return NOT_DECIMAL; // also NaN, infinities
    }
    long m = Math.round(scaled);
    return Double.doubleToRawLongBits(m / POW10[e]) == bits ? m : NOT_DECIMAL; // -0.0 fails here too
  }

  /** The smallest exponent from {@code from} up that represents {@code bits}, or -1. */
  static int exponentOf(long bits, int from) {
    for (int e = from; e <= MAX_EXPONENT; e++) {
      if (mantissa(bits, e) != NOT_DECIMAL) {
        return e;
      }
    }
    return -1;
  }

  /**
   * Appends to a decimal-delta chunk: first timestamp, exponent with order, the Rice mean's start
   * and mantissa, then the timestamps as in XOR chunks and each value's Rice code.
   */
  private void appendDecimal(long t, long bits) {
    if (count == MAX_DECIMAL_SAMPLES) {
      throw new IllegalStateException("BUG: decimal chunk full (" + MAX_DECIMAL_SAMPLES + " samples)");
    }
    long m = mantissa(bits, exponent);
    if (m == NOT_DECIMAL) {
      throw new IllegalStateException("BUG: value " + Double.longBitsToDouble(bits) + " not representable at exponent "
          + exponent + "; check accepts() and cut first");
    }
    if (count == 0) {
      int startLog = riceStartLog(riceMean);
      riceMean = riceStart(startLog);
      ensure(10 * 8 + 16 + 8 * 8);
      writeUvarint((t << 1) ^ (t >> 63));
      put(((long) order << 7) | exponent, 8);
      put(startLog, 8);
      writeUvarint((m << 1) ^ (m >> 63));
      mantissaDelta = 0;
    } else {
      // the previous value was checked when appended: its mantissa is exact without checking again
      long delta = m - Math.round(Double.longBitsToDouble(vBits) * POW10[exponent]);
      long code = count >= 2 && order == 1 ? delta - mantissaDelta : delta;
      long z = (code << 1) ^ (code >> 63);
      int k = riceParameter(riceMean);
      long d = t - this.t;
      if (count == 1) {
        ensure(10 * 8 + riceBits(z, k));
        writeUvarint(d);
      } else {
        long dod = d - tDelta;
        ensure(dodBits(dod) + riceBits(z, k));
        writeDod(dod);
      }
      tDelta = d;
      writeRice(z, k);
      riceMean = nextRiceMean(riceMean, z);
      mantissaDelta = delta;
    }
    this.t = t;
    vBits = bits;
    count++;
    int header = count | DECIMAL_FLAG;
    buf[0] = (byte) (header >>> 8);
    buf[1] = (byte) header;
  }

  /** The Rice parameter for a running mean: about log2 of the mean code. */
  static int riceParameter(int mean) {
    int m = mean >>> 4; // mean / RICE_SCALE
    return m <= 1 ? 0 : 31 - Integer.numberOfLeadingZeros(m);
  }

  /** The running mean after a code. */
  static int nextRiceMean(int mean, long z) {
    long next = mean + Math.min(z, RICE_MEAN_MAX) - (mean >>> 4); // one RICE_SCALE-th decays
    return (int) Math.min(next, RICE_MEAN_MAX);
  }

  /** The header byte for a chunk starting with running mean {@code mean}: log2 of the mean code. */
  static int riceStartLog(int mean) {
    int m = mean / RICE_SCALE;
    return m <= 0 ? 0 : 31 - Integer.numberOfLeadingZeros(m);
  }

  /** The running mean a chunk starts with, from its header byte. */
  static int riceStart(int log) {
    return log == 0 ? 0 : (int) Math.min((long) RICE_SCALE << log, RICE_MEAN_MAX);
  }

  private static int riceBits(long z, int k) {
    long q = z >>> k;
    return q < RICE_ESCAPE ? (int) q + 1 + k : RICE_ESCAPE + 64;
  }

  /** {@code z >>> k} in unary (ones and a zero), then the low {@code k} bits; large quotients escape. */
  private void writeRice(long z, int k) {
    long q = z >>> k;
    if (q < RICE_ESCAPE) {
      put(((1L << q) - 1) << 1, (int) q + 1);
      if (k > 0) {
        put(z & ((1L << k) - 1), k);
      }
    } else {
      put((1L << RICE_ESCAPE) - 1, RICE_ESCAPE);
      put(z, 64);
    }
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
    if (exponent != XOR_CHUNK && count > 2) {
      order = (byte) (XorIterator.prefersDeltaOfDeltas(buf, byteLength(), count) ? 1 : 0);
    }
    previousSize = (short) Math.min(Short.MAX_VALUE, byteLength());
    buf = NONE;
    bitLen = HEADER_BYTES * 8;
    count = 0;
    leading = NO_WINDOW;
    trailing = 0;
    tDelta = 0;
    exponent = XOR_CHUNK;
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
