package io.watchkeeper.storage;

/** Something samples can be written to. Thread-safe: any thread may ask for an appender. */
public interface Appendable {
  /** A new appender: one batch of samples, ended by {@link Appender#commit()} or rollback. */
  Appender appender();
}
