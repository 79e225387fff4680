package io.watchkeeper.storage;

/** A failure of the storage itself (I/O, corruption), not of one sample. */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
