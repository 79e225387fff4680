package io.watchkeeper.ingest.receive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A temporary file holding an import body between the pass that validates it and the pass that
 * appends it, so that the body is read from the network once and never held in memory. Created on
 * the first write; opened with {@code DELETE_ON_CLOSE}, which on Linux unlinks the file at once, so
 * a crash leaves nothing behind. Not thread-safe.
 */
final class ImportSpool implements AutoCloseable {
  private final Optional<Path> dir;
  private @Nullable FileChannel file;
  private long bytes;

  private static final String PREFIX = "import-";
  private static final String SUFFIX = ".spool";

  /** @param dir where to create the file; the system's temporary directory when empty */
  ImportSpool(Optional<Path> dir) {
    this.dir = dir;
  }

  /**
   * Appends {@code b[0, length)}.
   *
   * @throws IOException if the file cannot be created or written (a full disk)
   */
  void write(byte[] b, int length) throws IOException {
    FileChannel f = file;
    if (f == null) {
      f = create();
      file = f;
    }
    ByteBuffer src = ByteBuffer.wrap(b, 0, length);
    while (src.hasRemaining()) {
      f.write(src);
    }
    bytes += length;
  }

  private FileChannel create() throws IOException {
    Path p = dir.isPresent()
        ? Files.createTempFile(Files.createDirectories(dir.get()), PREFIX, SUFFIX)
        : Files.createTempFile("watchkeeper-import-", ".spool");
    try {
      return FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      Files.deleteIfExists(p);
      throw e;
    }
  }

  /**
   * Deletes spool files left in {@code dir} by a process that stopped while importing (where the
   * operating system could not unlink them when they were opened); a missing directory is fine.
   *
   * @return how many were deleted
   */
  static int deleteLeftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int n = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
        n++;
      }
    }
    return n;
  }

  /** Whether anything was written. */
  boolean isUsed() {
    return file != null;
  }

  /** Bytes written. */
  long bytes() {
    return bytes;
  }

  /**
   * A stream over what was written, from the start; closing it closes the spool.
   *
   * @throws IOException if the file cannot be read
   */
  InputStream reader() throws IOException {
    FileChannel f = file;
    if (f == null) {
      throw new IllegalStateException("BUG: reading an import spool nothing was written to");
    }
    f.position(0);
    return Channels.newInputStream(f);
  }

  /** Closes and deletes the file. */
  @Override
  public void close() throws IOException {
    FileChannel f = file;
    file = null;
    if (f != null) {
      f.close();
    }
  }
}
