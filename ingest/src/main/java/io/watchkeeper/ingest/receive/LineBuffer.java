package io.watchkeeper.ingest.receive;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream into one buffer of fixed size, a part of whole lines at a time, for a {@link
 * io.watchkeeper.ingest.textformat.Parser} to read with {@code reset}/{@code continueWith}: each
 * part but the last ends with a line feed, and the start of a line cut off by the buffer's end is
 * kept for the next part. A line longer than the buffer is an error, not a reason to grow: the
 * memory used is the buffer, whatever the stream's length.
 *
 * <p>Not thread-safe. The part's bytes ({@link #buffer()}{@code [0, }{@link #length()}{@code )})
 * are valid until the next call to {@link #next()}.
 */
final class LineBuffer {
  /** A line that does not fit in the buffer. */
  static final class LineTooLongException extends Exception {
    LineTooLongException(int limit) {
      super("a line is longer than the limit of " + limit + " bytes", null, false, false);
    }
  }

  private final InputStream in;
  private final byte[] buf;
  /** Bytes of the current part. */
  private int length;
  /** Bytes in {@link #buf}: the current part, then the start of the next one. */
  private int filled;
  private boolean eof;
  private boolean last;
  private int parts;
  private long bytesRead;

  LineBuffer(InputStream in, int capacity) {
    this(in, new byte[capacity]);
  }

  /** Reads {@code in} through {@code buf}, e.g. the buffer of a line buffer that is done. */
  LineBuffer(InputStream in, byte[] buf) {
    if (buf.length == 0) {
      throw new IllegalArgumentException("the buffer must not be empty");
    }
    this.in = in;
    this.buf = buf;
  }

  /**
   * Reads the next part: as many whole lines as the buffer holds, or the rest of the stream.
   *
   * @return false after the last part (the first call always finds one, empty for an empty stream)
   * @throws LineTooLongException if the buffer holds no line feed and the stream goes on
   * @throws IOException if the stream cannot be read
   */
  boolean next() throws IOException, LineTooLongException {
    if (last) {
      return false;
    }
    System.arraycopy(buf, length, buf, 0, filled - length);
    filled -= length;
    length = 0;
    while (filled < buf.length && !eof) {
      int n = in.read(buf, filled, buf.length - filled);
      if (n < 0) {
        eof = true;
      } else {
        filled += n;
        bytesRead += n;
      }
    }
    parts++;
    if (eof) {
      length = filled;
      last = true;
      return true;
    }
    int lf = filled - 1;
    while (lf >= 0 && buf[lf] != '\n') {
      lf--;
    }
    if (lf < 0) {
      throw new LineTooLongException(buf.length);
    }
    length = lf + 1;
    return true;
  }

  /**
   * Starts over, when the whole stream was one part (still in the buffer): the next {@link #next()}
   * returns it again.
   *
   * @return false, changing nothing, if the stream was longer than one part
   */
  boolean rewind() {
    if (!last || parts != 1) {
      return false;
    }
    length = 0;
    last = false;
    parts = 0;
    return true;
  }

  /** The buffer; the current part is {@code [0, length())}. */
  byte[] buffer() {
    return buf;
  }

  /** Bytes of the current part. */
  int length() {
    return length;
  }

  /** Whether the current part ends the stream. */
  boolean isLast() {
    return last;
  }

  /** Bytes read from the stream so far (up to a buffer ahead of the parts handed out). */
  long bytesRead() {
    return bytesRead;
  }

  /** Size of the buffer: all the memory this holds. */
  int capacity() {
    return buf.length;
  }
}
