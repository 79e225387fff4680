package io.watchkeeper.ingest.scrape;

/**
 * A growable byte buffer drawn from a {@link BufferPool}, holding one scrape body. The array is
 * taken from the pool when the first bytes arrive and handed back by {@link #release()} after each
 * scrape, so idle targets hold no buffer. Not thread-safe: filled by the HTTP client's subscriber,
 * then read by the scrape loop after the response completed (the completion orders the two).
 */
final class BodyBuffer {
  private static final byte[] NONE = new byte[0];

  private final BufferPool pool;
  byte[] bytes = NONE;
  int length;

  BodyBuffer(BufferPool pool) {
    this.pool = pool;
  }

  /** Takes a buffer of at least {@code size} bytes now, to avoid regrowing for a body of known size. */
  void reserve(int size) {
    if (bytes.length < size) {
      ensureRoom(size - length);
    }
  }

  /** Makes room for {@code extra} more bytes, moving to a larger pooled buffer if needed. */
  void ensureRoom(int extra) {
    long needed = (long) length + extra;
    if (needed <= bytes.length) {
      return;
    }
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("BUG: body larger than 2 GiB; the body size limit must stop it earlier");
    }
    byte[] bigger = pool.get((int) Math.max(needed, Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 8)));
    System.arraycopy(bytes, 0, bigger, 0, length);
    if (bytes != NONE) {
      pool.put(bytes);
    }
    bytes = bigger;
  }

  void clear() {
    length = 0;
  }

  /** Returns the array to the pool; the holder can be filled again. */
  void release() {
    if (bytes != NONE) {
      pool.put(bytes);
    }
    bytes = NONE;
    length = 0;
  }
}
