package io.watchkeeper.storage.tsdb.encoding;

/** Encoded data is malformed: cut short, or a value is out of range. */
public final class CorruptDataException extends RuntimeException {
  public CorruptDataException(String message) {
    super(message);
  }
}
