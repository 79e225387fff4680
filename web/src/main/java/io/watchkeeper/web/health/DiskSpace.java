package io.watchkeeper.web.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileStore;
import java.nio.file.Path;

/** Free space where Watchkeeper keeps its data. Thread-safe. */
@FunctionalInterface
public interface DiskSpace {
  /**
   * Space on the data directory's file system.
   *
   * @param path the directory measured
   * @param totalBytes the file system's size
   * @param usableBytes what Watchkeeper may still write
   */
  record Usage(String path, long totalBytes, long usableBytes) {
    /** Used space in percent of the total, 0 for an empty file system. */
    public double usedPercent() {
      return totalBytes <= 0 ? 0 : 100.0 * (totalBytes - usableBytes) / totalBytes;
    }
  }

  /** The current usage. */
  Usage usage() throws IOException;

  /** The file system {@code dir} lives on, as {@link Files#getFileStore} sees it. */
  static DiskSpace of(Path dir) {
    return () -> {
      FileStore store = Files.getFileStore(dir);
      return new Usage(dir.toString(), store.getTotalSpace(), store.getUsableSpace());
    };
  }
}
