package io.watchkeeper.storage;

/** A storage that can be written, read and closed: what the server wires in. */
public interface Storage extends Appendable, Queryable, AutoCloseable {
  /** Flushes what must survive and releases files and threads. */
  @Override
  void close();
}
