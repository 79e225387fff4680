package io.watchkeeper.web.health;

/** How much of its memory Watchkeeper uses. Thread-safe. */
@FunctionalInterface
public interface MemoryUsage {
  /**
   * Heap memory in use and the most the JVM may take.
   *
   * @param maxBytes the heap limit ({@code -Xmx}); 0 when unknown
   */
  record Usage(long usedBytes, long maxBytes) {
    /** Used in percent of the limit, 0 when unknown. */
    public double usedPercent() {
      return maxBytes <= 0 ? 0 : 100.0 * usedBytes / maxBytes;
    }
  }

  /** The current usage. */
  Usage usage();

  /** This JVM's heap, from {@link Runtime}. */
  static MemoryUsage jvm() {
    return () -> {
      Runtime r = Runtime.getRuntime();
      return new Usage(r.totalMemory() - r.freeMemory(), r.maxMemory() == Long.MAX_VALUE ? 0 : r.maxMemory());
    };
  }
}
