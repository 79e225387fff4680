package io.watchkeeper.ingest.textformat;

import io.watchkeeper.model.MetricType;
import org.jspecify.annotations.Nullable;

/**
 * Parser of the Prometheus text format 0.0.4 ({@code text/plain; version=0.0.4}).
 *
 * <p>Grammar, as Prometheus and the Go {@code expfmt} parser read it: one entry per line; blanks
 * (spaces, tabs) allowed between tokens; {@code # HELP name text}, {@code # TYPE name type}, other
 * {@code #} lines are comments; a sample is {@code name[{l="v",...}] value [timestamp_ms]}; label
 * values escape {@code \\ \" \n}; every line, the last included, ends with a line feed.
 *
 * <p>The lenient mode accepts what Prometheus accepts. The strict mode adds the checks of the Go
 * {@code expfmt} parser: one HELP and one TYPE per family and TYPE before the samples, numeric
 * {@code quantile} and {@code le} labels, and only the three escapes in label values and help.
 *
 * <p>Not thread-safe.
 */
public final class PrometheusTextParser extends Parser {
  private final @Nullable PrometheusTextValidator validator;

  /** A lenient parser; see {@link ExpositionFormat#newParser(boolean)}. */
  public PrometheusTextParser() {
    this(false);
  }

  public PrometheusTextParser(boolean strict) {
    super(strict);
    this.validator = strict ? new PrometheusTextValidator(this) : null;
  }

  @Override
  void resetState() {
    if (validator != null) {
      validator.reset();
    }
  }

  @Override
  public Entry next() throws ParseException {
    while (true) {
      if (pos >= end) {
        return entry = Entry.EOF;
      }
      beginEntry();
      int i = skipBlanks(pos);
      if (i >= end) {
        pos = end; // trailing blanks without a line feed: nothing more
        return entry = Entry.EOF;
      }
      byte c = b[i];
      if (c == '\n') {
        pos = i + 1;
        line++;
        continue;
      }
      entry = c == '#' ? comment(i + 1) : series(i);
      return entry;
    }
  }

  private int skipBlanks(int i) {
    while (i < end && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  private boolean isBlank(int i) {
    return b[i] == ' ' || b[i] == '\t';
  }

  /** Finishes the line at {@code i}, which must be its line feed. */
  private void endLine(int i) throws ParseException {
    if (i >= end) {
      throw error(i, "unexpected end of input: the last line must end with a line feed");
    }
    pos = i + 1;
    line++;
  }

  private Entry comment(int afterHash) throws ParseException {
    int i = skipBlanks(afterHash);
    int keyStart = i;
    while (i < end && b[i] != '\n' && !isBlank(i)) {
      i++;
    }
    boolean help = isKeyword(keyStart, i, "HELP");
    boolean typeLine = isKeyword(keyStart, i, "TYPE");
    if (help || typeLine) {
      int j = skipBlanks(i);
      if (j < end && b[j] != '\n') {
        return metadata(afterHash, j, help);
      }
    }
    int lf = indexOfNewline(afterHash);
    textStart = afterHash;
    textEnd = lf < 0 ? end : lf;
    endLine(textEnd);
    return Entry.COMMENT;
  }

  private boolean isKeyword(int s, int e, String keyword) {
    if (e - s != keyword.length()) {
      return false;
    }
    for (int k = 0; k < keyword.length(); k++) {
      if (b[s + k] != keyword.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private Entry metadata(int afterHash, int i, boolean help) throws ParseException {
    String what = help ? "HELP" : "TYPE";
    if (!isMetricNameStart(b[i])) {
      throw error(i, "invalid metric name in " + what + " line: unexpected " + describe(i));
    }
    nameStart = i;
    nameEnd = scanMetricName(i);
    int j = nameEnd;
    if (j < end && b[j] != '\n' && !isBlank(j)) {
      throw error(j, "invalid metric name in " + what + " line: unexpected " + describe(j));
    }
    j = skipBlanks(j);
    int lf = indexOfNewline(j);
    if (lf < 0) {
      throw error(end, "unexpected end of input: the last line must end with a line feed");
    }
    textStart = j;
    textEnd = lf;
    if (help) {
      checkEscapes(textStart, textEnd);
      endLine(lf);
      if (validator != null && textEnd > textStart) {
        validator.help(); // expfmt ignores a HELP line without text
      }
      return Entry.HELP;
    }
    int te = lf;
    while (te > textStart && (b[te - 1] == ' ' || b[te - 1] == '\t')) {
      te--;
    }
    if (te == textStart) {
      endLine(lf); // a TYPE line without a type is a comment, as in expfmt
      textStart = afterHash;
      return Entry.COMMENT;
    }
    type = parseType(textStart, te);
    endLine(lf);
    if (validator != null) {
      validator.type();
    }
    return Entry.TYPE;
  }

  private MetricType parseType(int s, int e) throws ParseException {
    // Case-insensitive as in expfmt, without a String per TYPE line.
    if (keywordIgnoreCase(s, e, "counter")) {
      return MetricType.COUNTER;
    } else if (keywordIgnoreCase(s, e, "gauge")) {
      return MetricType.GAUGE;
    } else if (keywordIgnoreCase(s, e, "histogram")) {
      return MetricType.HISTOGRAM;
    } else if (keywordIgnoreCase(s, e, "summary")) {
      return MetricType.SUMMARY;
    } else if (keywordIgnoreCase(s, e, "untyped")) {
      return MetricType.UNKNOWN;
    }
    throw error(s, "unknown metric type \"" + ascii(s, e) + "\"");
  }

  private boolean keywordIgnoreCase(int s, int e, String lower) {
    if (e - s != lower.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if ((b[s + k] | 0x20) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Marks escapes in help text; in strict mode rejects any but {@code \\\\} and {@code \\n}, as expfmt does. */
  private void checkEscapes(int s, int e) throws ParseException {
    for (int i = s; i < e; i++) {
      if (b[i] == '\\') {
        textEscaped = true;
        byte next = i + 1 < e ? b[i + 1] : 0;
        if (strict && next != '\\' && next != 'n') {
          throw error(i, "invalid escape sequence \"" + ascii(i, Math.min(i + 2, e)) + "\" in help text");
        }
        i++;
      }
    }
  }

  private Entry series(int i) throws ParseException {
    if (!isMetricNameStart(b[i])) {
      if (b[i] == '{') {
        throw error(i, "missing metric name before the label set");
      }
      throw error(i, "invalid metric name: unexpected " + describe(i));
    }
    seriesStart = i;
    nameStart = i;
    nameEnd = scanMetricName(i);
    int k = skipBlanks(nameEnd);
    if (k < end && b[k] == '{') {
      k = labels(k + 1);
      seriesEnd = k;
    } else {
      seriesEnd = nameEnd;
      if (k == nameEnd && k < end && b[k] != '\n') {
        throw error(k, "invalid metric name: unexpected " + describe(k));
      }
    }
    k = skipBlanks(k);
    int vs = k;
    while (k < end && b[k] != '\n' && !isBlank(k)) {
      k++;
    }
    if (vs == k) {
      if (k >= end) {
        throw error(k, "unexpected end of input: missing value");
      }
      throw error(k, "missing value, found " + describe(k));
    }
    value = FloatParser.parseFloat(b, vs, k);
    if (FloatParser.isInvalid(value)) {
      throw error(vs, "invalid value \"" + ascii(vs, k) + "\"");
    }
    k = skipBlanks(k);
    if (k < end && b[k] != '\n') {
      int ts = k;
      while (k < end && b[k] != '\n' && !isBlank(k)) {
        k++;
      }
      long t = FloatParser.parseMillis(b, ts, k);
      if (t == FloatParser.INVALID_TIMESTAMP) {
        throw error(ts, "invalid timestamp \"" + ascii(ts, k) + "\": must be an integer number of milliseconds");
      }
      timestamp = t;
      hasTimestamp = true;
      k = skipBlanks(k);
      if (k < end && b[k] != '\n') {
        throw error(k, "unexpected text after the timestamp: \"" + ascii(k, indexOrEnd(k)) + "\"");
      }
    }
    endLine(k);
    if (validator != null) {
      validator.sample();
    }
    return Entry.SERIES;
  }

  private int indexOrEnd(int k) {
    int lf = indexOfNewline(k);
    return lf < 0 ? end : lf;
  }

  /** Reads the label set after {@code '{'}; returns the offset after {@code '}'}. */
  private int labels(int k) throws ParseException {
    while (true) {
      k = skipBlanks(k);
      if (k >= end) {
        throw error(k, "unexpected end of input in the label set");
      }
      if (b[k] == '}') {
        return k + 1;
      }
      if (!isLabelNameStart(b[k])) {
        throw error(k, "invalid label name: unexpected " + describe(k));
      }
      int ns = k;
      int ne = scanLabelName(k);
      if (isMetricNameLabel(ns, ne)) {
        throw error(ns, "label name \"__name__\" is reserved for the metric name");
      }
      k = skipBlanks(ne);
      if (k >= end || b[k] != '=') {
        throw error(k, "expected '=' after label name \"" + ascii(ns, ne) + "\", found " + describe(k));
      }
      k = skipBlanks(k + 1);
      if (k >= end || b[k] != '"') {
        throw error(k, "expected '\"' to start the value of label \"" + ascii(ns, ne) + "\", found " + describe(k));
      }
      int vs = k + 1;
      k = vs;
      boolean escaped = false;
      while (true) {
        if (k >= end) {
          throw error(vs - 1, "unterminated value of label \"" + ascii(ns, ne) + "\"");
        }
        byte c = b[k];
        if (c == '"') {
          break;
        }
        if (c == '\n') {
          throw error(k, "line break in the value of label \"" + ascii(ns, ne) + "\"");
        }
        if (c == '\\') {
          escaped = true;
          if (k + 1 >= end) {
            throw error(vs - 1, "unterminated value of label \"" + ascii(ns, ne) + "\"");
          }
          byte next = b[k + 1];
          if (strict && next != '\\' && next != '"' && next != 'n') {
            throw error(k, "invalid escape sequence \"" + ascii(k, k + 2) + "\" in the value of label \"" + ascii(ns, ne) + "\"");
          }
          if (next == '\n') {
            throw error(k + 1, "line break in the value of label \"" + ascii(ns, ne) + "\"");
          }
          k += 2;
          continue;
        }
        k++;
      }
      addLabel(ns, ne, vs, k, escaped);
      k = skipBlanks(k + 1);
      if (k < end && b[k] == ',') {
        k++;
        continue;
      }
      if (k < end && b[k] == '}') {
        return k + 1;
      }
      throw error(k, "expected ',' or '}' after the value of label \"" + ascii(ns, ne) + "\", found " + describe(k));
    }
  }
}
