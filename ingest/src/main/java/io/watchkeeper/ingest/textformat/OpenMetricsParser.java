package io.watchkeeper.ingest.textformat;

import io.watchkeeper.model.MetricType;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parser of OpenMetrics 1.0 text ({@code application/openmetrics-text; version=1.0.0}).
 *
 * <p>Grammar: tokens separated by exactly one space, no blank lines, no other whitespace; {@code #
 * HELP|TYPE|UNIT name text}; samples {@code name[{l="v",...}] value [timestamp_seconds] [#
 * {exemplar labels} value [timestamp]]}; the input ends with {@code # EOF} and an optional line
 * feed. Exemplars are validated (syntax, at most 128 characters of labels) and skipped. {@code
 * _created}, {@code info}, {@code stateset} and {@code gaugehistogram} samples read as ordinary
 * series, as in Prometheus 2.42.
 *
 * <p>The lenient mode accepts what Prometheus accepts (for instance a trailing comma in a label
 * set). The strict mode also enforces the rules the OpenMetrics reference parser checks: metadata
 * before samples and not repeated, family grouping, histogram bucket order and totals, counter-like
 * values neither negative nor NaN, info and stateset values, {@code quantile} and {@code le}
 * labels, timestamps within a group, exemplar placement, unit suffixes, clashing names.
 *
 * <p>Not thread-safe.
 */
public final class OpenMetricsParser extends Parser {
  private static final int MAX_EXEMPLAR_LABEL_CHARS = 128;

  private final @Nullable OpenMetricsValidator validator;
  private boolean eofSeen;
  /** Offsets of the current exemplar's label names, for the duplicate check: start, end pairs. */
  private int[] exemplarNames = new int[16];
  /** Offsets of the current sample's timestamp text, when it has one (for strict validation). */
  int timestampStart;

  int timestampEnd;

  /** A lenient parser; see {@link ExpositionFormat#newParser(boolean)}. */
  public OpenMetricsParser() {
    this(false);
  }

  public OpenMetricsParser(boolean strict) {
    super(strict);
    this.validator = strict ? new OpenMetricsValidator(this) : null;
  }

  @Override
  void resetState() {
    eofSeen = false;
    if (validator != null) {
      validator.reset();
    }
  }

  @Override
  public Entry next() throws ParseException {
    if (eofSeen) {
      if (pos < end) { // a part after the one that ended with "# EOF"
        throw new ParseException(line + 1, 1, "unexpected data after \"# EOF\"");
      }
      return entry = Entry.EOF;
    }
    beginEntry();
    if (pos >= end) {
      if (!last) {
        return entry = Entry.EOF; // the end of this part; the input goes on
      }
      throw error(pos, "unexpected end of input: OpenMetrics text must end with \"# EOF\"");
    }
    byte c = b[pos];
    if (c == '#') {
      entry = metadata();
    } else if (c == '\n') {
      throw error(pos, "blank lines are not allowed in OpenMetrics text");
    } else if (c == ' ' || c == '\t') {
      throw error(pos, "unexpected " + describe(pos) + " at the start of a line");
    } else {
      entry = series();
    }
    return entry;
  }

  /** Finishes the line at {@code i}, which must be its line feed. */
  private void endLine(int i) throws ParseException {
    if (i >= end) {
      throw error(i, "unexpected end of input: OpenMetrics text must end with \"# EOF\"");
    }
    if (b[i] != '\n') {
      throw error(i, "unexpected " + describe(i) + ", expected end of line");
    }
    pos = i + 1;
    line++;
  }

  private boolean startsWith(int i, String s) {
    if (i + s.length() > end) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (b[i + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private Entry metadata() throws ParseException {
    int i = pos + 1;
    if (i >= end || b[i] != ' ') {
      throw error(i, "expected a space after '#', found " + describe(i));
    }
    i++;
    if (startsWith(i, "EOF") && (i + 3 == end || b[i + 3] == '\n')) {
      int after = i + 3 == end ? end : i + 4;
      if (after != end) {
        throw new ParseException(line + 1, 1, "unexpected data after \"# EOF\"");
      }
      if (validator != null) {
        validator.finish();
      }
      pos = end;
      eofSeen = true;
      return Entry.EOF;
    }
    Entry kind;
    if (startsWith(i, "HELP ")) {
      kind = Entry.HELP;
    } else if (startsWith(i, "TYPE ")) {
      kind = Entry.TYPE;
    } else if (startsWith(i, "UNIT ")) {
      kind = Entry.UNIT;
    } else {
      throw error(i, "expected HELP, TYPE, UNIT or EOF after \"# \"");
    }
    i += 5;
    if (i >= end || !isMetricNameStart(b[i])) {
      throw error(i, "invalid metric name in " + kind + " line: unexpected " + describe(i));
    }
    nameStart = i;
    nameEnd = scanMetricName(i);
    int j = nameEnd;
    if (j >= end || b[j] != ' ') {
      if (j < end && b[j] != '\n' && b[j] != '\t') {
        throw error(j, "invalid metric name in " + kind + " line: unexpected " + describe(j));
      }
      throw error(j, "expected a space and the " + kind.name().toLowerCase(Locale.ROOT)
          + " text after the metric name, found " + describe(j));
    }
    int lf = indexOfNewline(j + 1);
    if (lf < 0) {
      throw error(end, "unexpected end of input: OpenMetrics text must end with \"# EOF\"");
    }
    textStart = j + 1;
    textEnd = lf;
    switch (kind) {
      case HELP -> {
        for (int k = textStart; k < textEnd; k++) {
          if (b[k] == '\\') {
            textEscaped = true;
            break;
          }
        }
      }
      case TYPE -> type = parseType(textStart, textEnd);
      default -> { }
    }
    endLine(lf);
    if (validator != null) {
      validator.metadata(kind);
    }
    return kind;
  }

  private MetricType parseType(int s, int e) throws ParseException {
    if (is(s, e, "counter")) {
      return MetricType.COUNTER;
    } else if (is(s, e, "gauge")) {
      return MetricType.GAUGE;
    } else if (is(s, e, "histogram")) {
      return MetricType.HISTOGRAM;
    } else if (is(s, e, "gaugehistogram")) {
      return MetricType.GAUGE_HISTOGRAM;
    } else if (is(s, e, "summary")) {
      return MetricType.SUMMARY;
    } else if (is(s, e, "info")) {
      return MetricType.INFO;
    } else if (is(s, e, "stateset")) {
      return MetricType.STATESET;
    } else if (is(s, e, "unknown")) {
      return MetricType.UNKNOWN;
    }
    throw error(s, "invalid metric type \"" + ascii(s, e) + "\"");
  }

  private boolean is(int s, int e, String word) {
    return e - s == word.length() && startsWith(s, word);
  }

  private Entry series() throws ParseException {
    int i = pos;
    if (!isMetricNameStart(b[i])) {
      if (b[i] == '{') {
        throw error(i, "missing metric name before the label set");
      }
      throw error(i, "invalid metric name: unexpected " + describe(i));
    }
    seriesStart = i;
    nameStart = i;
    nameEnd = scanMetricName(i);
    int k = nameEnd;
    if (k < end && b[k] == '{') {
      k = labels(k + 1);
    }
    seriesEnd = k;
    if (k >= end || b[k] != ' ') {
      if (k < end && b[k] != '\n' && k == nameEnd) {
        throw error(k, "invalid metric name: unexpected " + describe(k));
      }
      throw error(k, "expected a space and the value, found " + describe(k));
    }
    int vs = k + 1;
    k = scanToken(vs);
    if (k == vs) {
      throw error(k, "missing value, found " + describe(k));
    }
    value = FloatParser.parseFloat(b, vs, k);
    if (FloatParser.isInvalid(value)) {
      throw error(vs, "invalid value \"" + ascii(vs, k) + "\"");
    }
    if (k < end && b[k] == ' ') {
      k++;
      if (k < end && b[k] == '#') {
        k = exemplar(k);
      } else {
        int ts = k;
        k = scanToken(ts);
        if (k == ts) {
          throw error(k, "unexpected " + describe(k) + " after the value");
        }
        long t = FloatParser.parseSecondsAsMillis(b, ts, k);
        if (t == FloatParser.INVALID_TIMESTAMP) {
          throw error(ts, "invalid timestamp \"" + ascii(ts, k) + "\"");
        }
        timestamp = t;
        hasTimestamp = true;
        timestampStart = ts;
        timestampEnd = k;
        if (k < end && b[k] == ' ') {
          k++;
          if (k >= end || b[k] != '#') {
            throw error(k, "unexpected " + describe(k) + " after the timestamp, expected \"# \" and an exemplar");
          }
          k = exemplar(k);
        }
      }
    }
    endLine(k);
    if (validator != null) {
      validator.sample();
    }
    return Entry.SERIES;
  }

  /** End of the token (value or timestamp) starting at {@code i}: the next space or line feed. */
  private int scanToken(int i) {
    while (i < end && b[i] != ' ' && b[i] != '\n') {
      i++;
    }
    return i;
  }

  /** Reads a series' label set after {@code '{'}; returns the offset after {@code '}'}. */
  private int labels(int k) throws ParseException {
    if (k < end && b[k] == '}') {
      return k + 1;
    }
    while (true) {
      int ns = k;
      if (k >= end || !isLabelNameStart(b[k])) {
        throw error(k, "invalid label name: unexpected " + describe(k));
      }
      int ne = scanLabelName(k);
      k = labelValue(ns, ne);
      int vs = labelValueStart;
      addLabel(ns, ne, vs, k - 1, labelValueEscaped);
      if (k < end && b[k] == ',') {
        k++;
        if (k < end && b[k] == '}') {
          if (strict) {
            throw error(k - 1, "trailing comma in the label set");
          }
          return k + 1;
        }
        continue;
      }
      if (k < end && b[k] == '}') {
        return k + 1;
      }
      throw error(k, "expected ',' or '}' after the value of label \"" + ascii(ns, ne) + "\", found " + describe(k));
    }
  }

  private int labelValueStart;
  private boolean labelValueEscaped;

  /**
   * Reads {@code ="value"} after the label name {@code [ns, ne)}; sets {@link #labelValueStart}
   * and {@link #labelValueEscaped}; returns the offset after the closing quote.
   */
  private int labelValue(int ns, int ne) throws ParseException {
    int k = ne;
    if (k >= end || b[k] != '=') {
      throw error(k, "expected '=' after label name \"" + ascii(ns, ne) + "\", found " + describe(k));
    }
    k++;
    if (k >= end || b[k] != '"') {
      throw error(k, "expected '\"' to start the value of label \"" + ascii(ns, ne) + "\", found " + describe(k));
    }
    int vs = k + 1;
    k = vs;
    boolean escaped = false;
    while (true) {
      if (k >= end || b[k] == '\n') {
        throw error(vs - 1, "unterminated value of label \"" + ascii(ns, ne) + "\"");
      }
      byte c = b[k];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        escaped = true;
        if (k + 1 >= end || b[k + 1] == '\n') {
          throw error(vs - 1, "unterminated value of label \"" + ascii(ns, ne) + "\"");
        }
        k += 2;
        continue;
      }
      k++;
    }
    labelValueStart = vs;
    labelValueEscaped = escaped;
    return k + 1;
  }

  /** Reads {@code # {labels} value [timestamp]} at {@code k} (the '#'); returns the offset of the line feed. */
  private int exemplar(int k) throws ParseException {
    int hash = k;
    k++;
    if (k >= end || b[k] != ' ') {
      throw error(k, "expected a space after '#' before the exemplar, found " + describe(k));
    }
    k++;
    if (k >= end || b[k] != '{') {
      throw error(k, "expected '{' to start the exemplar's label set, found " + describe(k));
    }
    k++;
    int names = 0;
    int chars = 0;
    if (k < end && b[k] == '}') {
      k++;
    } else {
      while (true) {
        int ns = k;
        if (k >= end || !isLabelNameStart(b[k])) {
          throw error(k, "invalid exemplar label name: unexpected " + describe(k));
        }
        int ne = scanLabelName(k);
        for (int n = 0; n < names; n++) {
          if (Arrays.equals(b, ns, ne, b, exemplarNames[2 * n], exemplarNames[2 * n + 1])) {
            throw error(ns, "duplicate exemplar label name \"" + ascii(ns, ne) + "\"");
          }
        }
        if (2 * names + 2 > exemplarNames.length) {
          exemplarNames = Arrays.copyOf(exemplarNames, exemplarNames.length * 2);
        }
        exemplarNames[2 * names] = ns;
        exemplarNames[2 * names + 1] = ne;
        names++;
        k = labelValue(ns, ne);
        if (!Utf8.isValid(b, labelValueStart, k - 1)) {
          throw error(labelValueStart, "exemplar label value is not valid UTF-8");
        }
        chars += (ne - ns) + codePoints(labelValueStart, k - 1);
        if (k < end && b[k] == ',') {
          k++;
          if (k < end && b[k] == '}' && !strict) {
            k++;
            break;
          }
          continue;
        }
        if (k < end && b[k] == '}') {
          k++;
          break;
        }
        throw error(k, "expected ',' or '}' in the exemplar's label set, found " + describe(k));
      }
    }
    if (chars > MAX_EXEMPLAR_LABEL_CHARS) {
      throw error(hash, "exemplar labels have " + chars + " characters, more than the limit of " + MAX_EXEMPLAR_LABEL_CHARS);
    }
    if (k >= end || b[k] != ' ') {
      throw error(k, "expected a space and the exemplar value, found " + describe(k));
    }
    int vs = k + 1;
    k = scanToken(vs);
    if (k == vs || FloatParser.isInvalid(FloatParser.parseFloat(b, vs, k))) {
      throw error(vs, "invalid exemplar value \"" + ascii(vs, k) + "\"");
    }
    if (k < end && b[k] == ' ') {
      int ts = k + 1;
      k = scanToken(ts);
      if (k == ts || FloatParser.parseSecondsAsMillis(b, ts, k) == FloatParser.INVALID_TIMESTAMP) {
        throw error(ts, "invalid exemplar timestamp \"" + ascii(ts, k) + "\"");
      }
    }
    hasExemplar = true;
    return k;
  }

  /** Characters of an escaped label value: code points, an escape pair counting as one. */
  private int codePoints(int s, int e) {
    int n = 0;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == '\\' && i + 1 < e) {
        i++;
        n++;
      } else if ((c & 0xC0) != 0x80) {
        n++;
      }
    }
    return n;
  }
}
