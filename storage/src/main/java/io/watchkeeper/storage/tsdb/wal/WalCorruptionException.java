package io.watchkeeper.storage.tsdb.wal;

import java.nio.file.Path;

/** A WAL segment holds a record that is cut short or fails its checksum at {@link #offset()}. */
public final class WalCorruptionException extends Exception {
  private final Path segment;
  private final long offset;

  public WalCorruptionException(Path segment, long offset, String why) {
    super("corrupt WAL record in " + segment + " at offset " + offset + ": " + why);
    this.segment = segment;
    this.offset = offset;
  }

  /** The segment file holding the bad record. */
  public Path segment() {
    return segment;
  }

  /** Where the bad record starts; everything before it is valid. */
  public long offset() {
    return offset;
  }
}
