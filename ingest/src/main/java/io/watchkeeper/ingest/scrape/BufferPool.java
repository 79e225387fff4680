package io.watchkeeper.ingest.scrape;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Body buffers shared by all scrape loops (Prometheus' {@code pool.Pool}): power-of-two sizes from
 * 4 KiB to 1 GiB, at most {@code maxRetainedBytes} kept in total. Scrapes of a pool are spread over
 * the interval, so a few buffers serve hundreds of targets instead of one buffer per target.
 * Thread-safe.
 */
final class BufferPool {
  private static final int MIN_SHIFT = 12;
  private static final int MAX_SHIFT = 30;

  private final List<ConcurrentLinkedQueue<byte[]>> buckets = new ArrayList<>();
  private final AtomicLong retained = new AtomicLong();
  private final long maxRetainedBytes;

  BufferPool(long maxRetainedBytes) {
    this.maxRetainedBytes = maxRetainedBytes;
    for (int i = 0; i <= MAX_SHIFT; i++) {
      buckets.add(new ConcurrentLinkedQueue<>());
    }
  }

  private static int shift(int minSize) {
    int shift = 32 - Integer.numberOfLeadingZeros(Math.max(minSize, 1) - 1);
    return Math.max(shift, MIN_SHIFT);
  }

  /** A buffer of at least {@code minSize} bytes (contents undefined). */
  byte[] get(int minSize) {
    int shift = shift(minSize);
    if (shift > MAX_SHIFT) {
      return new byte[minSize];
    }
    byte[] b = buckets.get(shift).poll();
    if (b != null) {
      retained.addAndGet(-b.length);
      return b;
    }
    return new byte[1 << shift];
  }

  /** Returns a buffer for reuse; the caller must not touch it afterwards. */
  void put(byte[] b) {
    int len = b.length;
    if (Integer.bitCount(len) != 1 || len < (1 << MIN_SHIFT) || len > (1 << MAX_SHIFT)) {
      return;
    }
    if (retained.addAndGet(len) > maxRetainedBytes) {
      retained.addAndGet(-len);
      return;
    }
    buckets.get(Integer.numberOfTrailingZeros(len)).offer(b);
  }

  /** Bytes held for reuse. */
  long retainedBytes() {
    return retained.get();
  }
}
