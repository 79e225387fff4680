package io.watchkeeper.ingest.scrape;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip bodies (RFC 1952, several members allowed) into a {@link BodyBuffer}, reusing
 * pooled {@link Inflater}s instead of a stream and an inflater per scrape. Enforces the
 * body size limit on the decompressed size, as Prometheus does. Not thread-safe; {@link #close()}
 * frees the inflater's native memory.
 */
final class GzipDecoder implements AutoCloseable {
  private static final int FTEXT_MASK = 0xE0; // reserved flag bits must be zero
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  /**
   * Decoders shared by all scrape loops: an inflater holds ~40 KiB of native memory, so a thousand
   * targets should not each keep one. At most {@code maxIdle} are kept. Thread-safe.
   */
  static final class Pool {
    private final ConcurrentLinkedQueue<GzipDecoder> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxIdle;

    Pool(int maxIdle) {
      this.maxIdle = maxIdle;
    }

    GzipDecoder get() {
      GzipDecoder d = idle.poll();
      if (d == null) {
        return new GzipDecoder();
      }
      idleCount.decrementAndGet();
      return d;
    }

    void put(GzipDecoder d) {
      if (idleCount.incrementAndGet() > maxIdle) {
        idleCount.decrementAndGet();
        d.close();
        return;
      }
      idle.offer(d);
    }

    /** Frees every idle decoder. */
    void close() {
      GzipDecoder d;
      while ((d = idle.poll()) != null) {
        idleCount.decrementAndGet();
        d.close();
      }
    }
  }

  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();

  /** Thrown when the decompressed body exceeds the limit. */
  static final class TooLargeException extends IOException {
    TooLargeException(long limit) {
      super("body size limit exceeded: more than " + limit + " bytes after decompression", null);
    }
  }

  /**
   * Decompresses {@code in[0, len)} into {@code out} (cleared first).
   *
   * @param limit maximum decompressed size, 0 for none
   * @throws IOException if the data is not valid gzip or exceeds the limit
   */
  void decode(byte[] in, int len, BodyBuffer out, long limit) throws IOException {
    out.clear();
    int pos = 0;
    do {
      pos = member(in, pos, len, out, limit);
      while (pos < len && in[pos] == 0) {
        pos++; // zero padding after the last member is tolerated, as gzip(1) does
      }
    } while (pos < len);
  }

  private int member(byte[] in, int pos, int len, BodyBuffer out, long limit) throws IOException {
    if (len - pos < 18 || (in[pos] & 0xFF) != 0x1f || (in[pos + 1] & 0xFF) != 0x8b) {
      throw new IOException("not gzip data");
    }
    if (in[pos + 2] != 8) {
      throw new IOException("unsupported gzip compression method " + in[pos + 2]);
    }
    int flags = in[pos + 3] & 0xFF;
    if ((flags & FTEXT_MASK) != 0) {
      throw new IOException("reserved gzip flags set");
    }
    int p = pos + 10;
    if ((flags & FEXTRA) != 0) {
      p = need(p + 2, len);
      p = need(p + ((in[p - 2] & 0xFF) | (in[p - 1] & 0xFF) << 8), len);
    }
    if ((flags & FNAME) != 0) {
      p = skipZeroTerminated(in, p, len);
    }
    if ((flags & FCOMMENT) != 0) {
      p = skipZeroTerminated(in, p, len);
    }
    if ((flags & FHCRC) != 0) {
      p = need(p + 2, len);
    }
    inflater.reset();
    crc.reset();
    inflater.setInput(in, p, len - p);
    int start = out.length;
    try {
      while (!inflater.finished()) {
        out.ensureRoom(Math.max(4096, out.bytes.length - out.length));
        int n = inflater.inflate(out.bytes, out.length, out.bytes.length - out.length);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IOException("truncated gzip data");
        }
        out.length += n;
        if (limit > 0 && out.length > limit) {
          throw new TooLargeException(limit);
        }
      }
    } catch (DataFormatException e) {
      throw new IOException("corrupt gzip data: " + e.getMessage(), e);
    }
    crc.update(out.bytes, start, out.length - start);
    int end = len - inflater.getRemaining();
    if (len - end < 8) {
      throw new IOException("truncated gzip trailer");
    }
    long storedCrc = readIntLe(in, end) & 0xFFFFFFFFL;
    long storedSize = readIntLe(in, end + 4) & 0xFFFFFFFFL;
    if (storedCrc != crc.getValue()) {
      throw new IOException("gzip checksum mismatch");
    }
    if (storedSize != ((out.length - start) & 0xFFFFFFFFL)) {
      throw new IOException("gzip size mismatch");
    }
    return end + 8;
  }

  private static int need(int p, int len) throws IOException {
    if (p > len) {
      throw new IOException("truncated gzip header");
    }
    return p;
  }

  private static int skipZeroTerminated(byte[] in, int p, int len) throws IOException {
    while (p < len && in[p] != 0) {
      p++;
    }
    return need(p + 1, len);
  }

  private static int readIntLe(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
  }

  @Override
  public void close() {
    inflater.end();
  }
}
