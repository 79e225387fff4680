package io.watchkeeper.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * An exclusive lock on the data directory ({@code DIR/lock}), so two servers never write the same
 * WAL. The operating system releases it when the process dies, so a crash leaves nothing to clean.
 */
final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code dir}; fails with a message naming the directory when another process holds it. */
  static DataDirLock acquire(Path dir) throws IOException {
    Path file = dir.resolve("lock");
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    @Nullable FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (IOException e) {
      ch.close();
      throw new IOException("cannot lock data directory " + dir + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      ch.close();
      throw new IOException("data directory " + dir.toAbsolutePath() + " is in use by another Watchkeeper "
          + "(stop it, or start this one with --data-dir pointing elsewhere)");
    }
    return new DataDirLock(ch, lock);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
