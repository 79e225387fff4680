package io.watchkeeper.ingest.textformat;

import io.watchkeeper.model.ByteHash;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A pull parser over exposition text in a byte array (Prometheus {@code textparse.Parser}): each
 * {@link #next()} reads one line and says what it was; accessors then describe that line until the
 * next call. Nothing is allocated per sample: a series is identified by its raw bytes ({@link
 * #seriesStart()}..{@link #seriesEnd()}, hashed by {@link #seriesHash()}), and its labels are
 * decoded only on request ({@link #labels}), which a scrape does only for series it has not seen.
 *
 * <p>Two implementations: {@link PrometheusTextParser} (text 0.0.4) and {@link OpenMetricsParser}
 * (OpenMetrics 1.0); {@link ExpositionFormat} picks one from a content type. Lenient parsers accept
 * what Prometheus accepts; strict ones also enforce the family-level rules of the specification.
 *
 * <p>A long input can be parsed in parts, so that it need not be held in memory at once: {@link
 * #reset} the parser on the first part and {@link #continueWith} it on each next one. Parts split
 * the input between lines; line numbers and the format's state carry over.
 *
 * <p>Not thread-safe. Reusable: {@link #reset} starts over on new input. The array passed to
 * {@link #reset} or {@link #continueWith} must not change while it is parsed.
 */
public abstract sealed class Parser permits PrometheusTextParser, OpenMetricsParser {
  private static final byte[] NO_BYTES = new byte[0];
  private static final int MAX_LABELS_INITIAL = 16;

  /** Whether family-level rules are enforced. */
  final boolean strict;

  byte[] b = NO_BYTES;
  int end;
  /** Read position: the start of the next line. */
  int pos;
  /** 1-based number of the line at {@link #pos}. */
  int line;
  /** Whether {@code b[0, end)} is the end of the input, not a part followed by more. */
  boolean last = true;

  Entry entry = Entry.EOF;
  int entryLine;
  int entryLineStart;
  int nameStart;
  int nameEnd;
  int seriesStart;
  int seriesEnd;
  private long seriesHash;
  private boolean hashed;
  /** Per label: name start, name end, value start, value end (value without quotes). */
  int[] labelOffsets = new int[4 * MAX_LABELS_INITIAL];
  /** Whether the label's value contains a backslash escape. */
  boolean[] labelEscaped = new boolean[MAX_LABELS_INITIAL];
  int labelCount;
  double value;
  boolean hasTimestamp;
  long timestamp;
  boolean hasExemplar;
  MetricType type = MetricType.UNKNOWN;
  int textStart;
  int textEnd;
  boolean textEscaped;

  private final StringCache strings = new StringCache();

  Parser(boolean strict) {
    this.strict = strict;
  }

  /**
   * Starts over on {@code buf[0, length)}.
   *
   * @return this parser
   */
  public final Parser reset(byte[] buf, int length) {
    return reset(buf, length, true);
  }

  /**
   * Starts over on the first part of an input, {@code buf[0, length)}; {@link #continueWith} reads
   * the next parts.
   *
   * @param last whether this part is the whole input
   * @return this parser
   */
  public final Parser reset(byte[] buf, int length, boolean last) {
    this.line = 1;
    resetState();
    return continueWith(buf, length, last);
  }

  /**
   * Goes on with the next part of the input, {@code buf[0, length)} (the same array refilled, or
   * another), after {@link #next()} returned {@link Entry#EOF} at the end of the previous part. Line
   * numbers and the format's state (metadata seen, OpenMetrics' {@code # EOF}) carry over.
   *
   * @param last whether this part ends the input; every part before it must end with a line feed
   *     (a line never spans two parts), and {@link #next()} returns {@link Entry#EOF} at its end
   *     without the checks that belong to the end of the input
   * @return this parser
   */
  public final Parser continueWith(byte[] buf, int length, boolean last) {
    if (length < 0 || length > buf.length) {
      throw new IllegalArgumentException("length " + length + " outside the buffer of " + buf.length + " bytes");
    }
    if (length > 0 && !last && buf[length - 1] != '\n') {
      throw new IllegalArgumentException("a part before the last must end with a line feed");
    }
    this.b = buf;
    this.end = length;
    this.pos = 0;
    this.last = last;
    this.entry = Entry.EOF;
    return this;
  }

  /** 1-based number of the line the next call to {@link #next()} reads. */
  public final int nextLine() {
    return line;
  }

  /** Clears format-specific state on {@link #reset}. */
  abstract void resetState();

  /**
   * Reads the next line.
   *
   * @return what it was; {@link Entry#EOF} at the end
   * @throws ParseException if the input is malformed; the parser is then unusable until reset
   */
  public abstract Entry next() throws ParseException;

  /** Whether this parser enforces the specification's family-level rules. */
  public final boolean isStrict() {
    return strict;
  }

  /** The input array; ranges returned by this parser index into it. */
  public final byte[] buffer() {
    return b;
  }

  /** 1-based line number of the current entry. */
  public final int line() {
    return entryLine;
  }

  /** Start offset of the current series' bytes: the metric name and its label set. */
  public final int seriesStart() {
    return seriesStart;
  }

  /** End offset (exclusive) of the current series' bytes. */
  public final int seriesEnd() {
    return seriesEnd;
  }

  /**
   * The 64-bit hash ({@link ByteHash#xxh64}) of the current series' raw bytes: the key of a scrape
   * cache. Two spellings of one series (label order, whitespace) hash differently.
   */
  public final long seriesHash() {
    if (!hashed) {
      seriesHash = ByteHash.xxh64(b, seriesStart, seriesEnd - seriesStart);
      hashed = true;
    }
    return seriesHash;
  }

  /** The sample value of the current series. */
  public final double value() {
    return value;
  }

  /** Whether the current sample has an explicit timestamp. */
  public final boolean hasTimestamp() {
    return hasTimestamp;
  }

  /** The explicit timestamp of the current sample, epoch milliseconds; 0 if it has none. */
  public final long timestamp() {
    return timestamp;
  }

  /** Whether the current sample carries an exemplar (OpenMetrics; validated, not stored). */
  public final boolean hasExemplar() {
    return hasExemplar;
  }

  /** Number of labels written on the current series line, without the metric name. */
  public final int labelCount() {
    return labelCount;
  }

  /**
   * Decodes the current series' labels, metric name included as {@code __name__}, into {@code
   * builder} (cleared first). Labels with empty values are left out, as everywhere in Prometheus.
   *
   * @throws ParseException on a repeated label name or a value that is not valid UTF-8
   */
  public final void labels(Labels.Builder builder) throws ParseException {
    builder.clear();
    builder.set(Labels.METRIC_NAME, strings.get(b, nameStart, nameEnd));
    for (int i = 0; i < labelCount; i++) {
      int ns = labelOffsets[4 * i];
      int ne = labelOffsets[4 * i + 1];
      for (int j = 0; j < i; j++) {
        if (Arrays.equals(b, ns, ne, b, labelOffsets[4 * j], labelOffsets[4 * j + 1])) {
          throw error(ns, "duplicate label name \"" + ascii(ns, ne) + "\"");
        }
      }
      if (isMetricNameLabel(ns, ne)) {
        throw error(ns, "label name \"__name__\" is reserved for the metric name");
      }
      builder.set(strings.get(b, ns, ne), labelValue(i));
    }
  }

  /** The value of the i-th label written on the line, unescaped. */
  final String labelValue(int i) throws ParseException {
    int vs = labelOffsets[4 * i + 2];
    int ve = labelOffsets[4 * i + 3];
    if (!Utf8.isValid(b, vs, ve)) {
      throw error(vs, "label value is not valid UTF-8");
    }
    return labelEscaped[i] ? unescape(vs, ve) : strings.get(b, vs, ve);
  }

  /** The name of the i-th label written on the line. */
  final String labelName(int i) {
    return strings.get(b, labelOffsets[4 * i], labelOffsets[4 * i + 1]);
  }

  final boolean isMetricNameLabel(int s, int e) {
    return e - s == 8 && b[s] == '_' && b[s + 1] == '_' && b[s + 2] == 'n' && b[s + 3] == 'a'
        && b[s + 4] == 'm' && b[s + 5] == 'e' && b[s + 6] == '_' && b[s + 7] == '_';
  }

  /**
   * The metric name of the current series, or the metric family named by a HELP, TYPE or UNIT
   * line. Allocates; scrapes key metadata by {@link #nameStart()}..{@link #nameEnd()} instead.
   */
  public final String metricName() {
    return strings.get(b, nameStart, nameEnd);
  }

  /** Start offset of the metric name of the current entry. */
  public final int nameStart() {
    return nameStart;
  }

  /** End offset (exclusive) of the metric name of the current entry. */
  public final int nameEnd() {
    return nameEnd;
  }

  /** The type of a {@link Entry#TYPE} line ({@code untyped} reads as {@link MetricType#UNKNOWN}). */
  public final MetricType type() {
    return type;
  }

  /** The unescaped help text of a {@link Entry#HELP} line. */
  public final String help() {
    return textEscaped ? unescape(textStart, textEnd) : new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
  }

  /** The unit of a {@link Entry#UNIT} line. */
  public final String unit() {
    return new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
  }

  /** The text after {@code #} of a {@link Entry#COMMENT} line. */
  public final String comment() {
    return new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
  }

  /** Start offset of the text of a HELP, UNIT or COMMENT line (raw, still escaped). */
  public final int textStart() {
    return textStart;
  }

  /** End offset (exclusive) of the text of a HELP, UNIT or COMMENT line. */
  public final int textEnd() {
    return textEnd;
  }

  // ---- helpers for the implementations ----

  /** Clears what describes the previous entry and marks the start of a new line. */
  final void beginEntry() {
    entryLine = line;
    entryLineStart = pos;
    labelCount = 0;
    hasTimestamp = false;
    timestamp = 0;
    hasExemplar = false;
    hashed = false;
    textEscaped = false;
  }

  final void addLabel(int ns, int ne, int vs, int ve, boolean escaped) {
    if (labelCount == labelEscaped.length) {
      labelOffsets = Arrays.copyOf(labelOffsets, labelOffsets.length * 2);
      labelEscaped = Arrays.copyOf(labelEscaped, labelEscaped.length * 2);
    }
    int i = 4 * labelCount;
    labelOffsets[i] = ns;
    labelOffsets[i + 1] = ne;
    labelOffsets[i + 2] = vs;
    labelOffsets[i + 3] = ve;
    labelEscaped[labelCount] = escaped;
    labelCount++;
  }

  /**
   * Undoes the escapes of label values and help text: {@code \\}, {@code \"} and {@code \n}; any
   * other backslash stays as written (what Prometheus and the OpenMetrics parsers do).
   */
  final String unescape(int s, int e) {
    byte[] out = new byte[e - s];
    int n = 0;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == '\\' && i + 1 < e) {
        byte next = b[i + 1];
        if (next == '\\' || next == '"') {
          out[n++] = next;
          i++;
          continue;
        }
        if (next == 'n') {
          out[n++] = '\n';
          i++;
          continue;
        }
      }
      out[n++] = c;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** A parse error at byte offset {@code at} of the current line. */
  final ParseException error(int at, String reason) {
    int column = 1;
    int stop = Math.min(at, end);
    for (int i = entryLineStart; i < stop; i++) {
      if ((b[i] & 0xC0) != 0x80) { // count code points, not UTF-8 continuation bytes
        column++;
      }
    }
    return new ParseException(entryLine, column, reason);
  }

  /** A parse error about the current line as a whole. */
  final ParseException lineError(String reason) {
    return new ParseException(entryLine, 1, reason);
  }

  /** {@code b[s, e)} for an error message: decoded, escaped like a Go string, at most 64 characters. */
  final String ascii(int s, int e) {
    String raw = new String(b, s, Math.max(0, Math.min(e, end) - s), StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder();
    int stop = Math.min(raw.length(), 64);
    for (int i = 0; i < stop; i++) {
      char c = raw.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7F) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (stop < raw.length()) {
      sb.append("...");
    }
    return sb.toString();
  }

  /** A description of the byte at {@code i} for error messages. */
  final String describe(int i) {
    if (i >= end) {
      return "end of input";
    }
    return switch (b[i]) {
      case '\n' -> "end of line";
      case ' ' -> "space";
      case '\t' -> "tab";
      default -> "'" + ascii(i, i + 1) + "'";
    };
  }

  private static final byte METRIC_START = 1;
  private static final byte METRIC_CHAR = 2;
  private static final byte LABEL_START = 4;
  private static final byte LABEL_CHAR = 8;
  /** Character classes of bytes: one table lookup per byte in the name scanners. */
  private static final byte[] CLASSES = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      int bits = 0;
      if (letter || c == ':') {
        bits |= METRIC_START | METRIC_CHAR;
      }
      if (digit) {
        bits |= METRIC_CHAR | LABEL_CHAR;
      }
      if (letter) {
        bits |= LABEL_START | LABEL_CHAR;
      }
      CLASSES[c] = (byte) bits;
    }
  }

  static boolean isMetricNameStart(byte c) {
    return (CLASSES[c & 0xFF] & METRIC_START) != 0;
  }

  static boolean isMetricNameChar(byte c) {
    return (CLASSES[c & 0xFF] & METRIC_CHAR) != 0;
  }

  static boolean isLabelNameStart(byte c) {
    return (CLASSES[c & 0xFF] & LABEL_START) != 0;
  }

  static boolean isLabelNameChar(byte c) {
    return (CLASSES[c & 0xFF] & LABEL_CHAR) != 0;
  }

  /** End of the metric name starting at {@code i}. */
  final int scanMetricName(int i) {
    while (i < end && isMetricNameChar(b[i])) {
      i++;
    }
    return i;
  }

  /** End of the label name starting at {@code i}. */
  final int scanLabelName(int i) {
    while (i < end && isLabelNameChar(b[i])) {
      i++;
    }
    return i;
  }

  /** Offset of the next line feed at or after {@code i}, or -1. */
  final int indexOfNewline(int i) {
    for (; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
