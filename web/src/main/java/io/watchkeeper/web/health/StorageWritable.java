package io.watchkeeper.web.health;

/**
 * Whether the storage accepts writes: the server appends and commits a sample of its own (or
 * writes a file in the data directory). Thread-safe; returns quickly.
 */
@FunctionalInterface
public interface StorageWritable {
  /**
   * Returns when the storage took a write.
   *
   * @throws Exception with the reason it did not (the WAL's disk is full, the storage is closed)
   */
  void checkWritable() throws Exception;
}
