package io.watchkeeper.ingest.receive;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Prometheus text body generated while it is read, never held whole: {@code steps} timestamps
 * (15 s apart) of {@code series} series, time by time as an exporter history is written, e.g.
 * {@code gen_metric{series="7"} 12.5 1700000015000}. Optionally one line is replaced by another
 * text (to put a defect deep into a large body). Lines are numbered from 1.
 */
final class GeneratedBody extends InputStream {
  static final long START_MILLIS = 1_700_000_000_000L;

  private final int series;
  private final long lines;
  private final long replacedLine;
  private final String replacement;
  private long line; // lines generated so far
  private byte[] current = new byte[0];
  private int pos;
  private long bytes;

  GeneratedBody(int series, int steps) {
    this(series, steps, 0, "");
  }

  /** @param replacedLine a line to replace by {@code replacement} (with its line feed), 0 for none */
  GeneratedBody(int series, int steps, long replacedLine, String replacement) {
    this.series = series;
    this.lines = (long) series * steps;
    this.replacedLine = replacedLine;
    this.replacement = replacement;
  }

  /** The line {@code n} (1-based) as generated, without the line feed. */
  static String line(int series, long n) {
    long i = n - 1;
    int s = (int) (i % series);
    long step = i / series;
    return "gen_metric{series=\"" + s + "\"} " + (step + s * 0.5) + " " + (START_MILLIS + step * 15_000);
  }

  private boolean advance() {
    if (line == lines) {
      return false;
    }
    line++;
    String text = line == replacedLine ? replacement : line(series, line) + "\n";
    current = text.getBytes(StandardCharsets.UTF_8);
    pos = 0;
    return true;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      if (pos == current.length && !advance()) {
        break;
      }
      int k = Math.min(len - n, current.length - pos);
      System.arraycopy(current, pos, b, off + n, k);
      pos += k;
      n += k;
    }
    bytes += n;
    return n == 0 ? -1 : n;
  }

  /** Bytes handed out so far. */
  long bytesRead() {
    return bytes;
  }
}
