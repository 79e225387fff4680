package io.watchkeeper.query.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed PromQL {@code .test} script (format: conformance/promql/FORMAT.md): {@code
 * load}, {@code clear} and {@code eval} commands in file order.
 */
final class PromqlTestScript {
  private static final Pattern INSTANT =
      Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern RANGE =
      Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
  private static final Pattern EXPECT =
      Pattern.compile("^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
  private static final Pattern RANGE_VECTOR = Pattern.compile("^expect range vector from (.+) to (.+) step (.+)$");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|y|w|d|h|m|s)");

  sealed interface Command permits Load, Clear, Eval {}

  record Load(int line, long intervalMillis, List<SeriesDescription> series, boolean withNhcb, boolean startTimestamps)
      implements Command {}

  record Clear(int line) implements Command {}

  /** An expectation on annotations: {@code kind} warn/info/no_warn/no_info, {@code mode} any/msg/regex. */
  record AnnotationExpectation(String kind, String mode, String text) {}

  record Eval(
      int line,
      String expr,
      boolean range,
      long start,
      long end,
      long step,
      boolean fail,
      String failMode,
      String failText,
      boolean ordered,
      List<AnnotationExpectation> annotations,
      Double scalar,
      String string,
      long[] rangeVector,
      List<SeriesDescription> expected)
      implements Command {}

  final List<Command> commands = new ArrayList<>();

  static PromqlTestScript parse(String text) {
    PromqlTestScript script = new PromqlTestScript();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      lines[i] = lines[i].strip();
      if (lines[i].startsWith("#")) {
        lines[i] = "";
      }
    }
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      if (line.isEmpty()) {
        i++;
        continue;
      }
      String word = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      int end = i + 1;
      while (end < lines.length && !lines[end].isEmpty()) {
        end++;
      }
      List<String> body = List.of(lines).subList(i + 1, end);
      if (word.equals("clear")) {
        script.commands.add(new Clear(i + 1));
        end = i + 1;
      } else if (word.startsWith("load")) {
        script.commands.add(load(i + 1, line, body));
      } else if (word.startsWith("eval")) {
        end = i + 1 + script.addEval(i + 1, line, body);
      } else {
        throw new IllegalArgumentException("line " + (i + 1) + ": unknown command " + line);
      }
      i = end;
    }
    return script;
  }

  private static Load load(int lineNo, String header, List<String> body) {
    String[] parts = header.split("\\s+");
    boolean nhcb = parts[0].equals("load_with_nhcb");
    long interval = duration(parts[1]);
    List<SeriesDescription> series = new ArrayList<>();
    boolean st = false;
    for (String l : body) {
      if (l.matches("^\\S+@st\\s.*") || l.contains("}@st ")) {
        st = true;
        continue;
      }
      series.add(SeriesDescription.parse(l));
    }
    return new Load(lineNo, interval, series, nhcb, st);
  }

  /** Parses an eval; returns how many body lines it consumed. */
  private int addEval(int lineNo, String header, List<String> body) {
    Matcher m = INSTANT.matcher(header);
    boolean range;
    String modifier;
    long start;
    long end;
    long step = 0;
    String expr;
    if (m.matches()) {
      range = false;
      modifier = m.group(1);
      start = duration(m.group(2));
      end = start;
      expr = m.group(3);
    } else {
      m = RANGE.matcher(header);
      if (!m.matches()) {
        throw new IllegalArgumentException("line " + lineNo + ": bad eval " + header);
      }
      range = true;
      modifier = m.group(1);
      start = duration(m.group(2));
      end = duration(m.group(3));
      step = duration(m.group(4));
      expr = m.group(5);
    }
    boolean fail = "fail".equals(modifier);
    boolean ordered = "ordered".equals(modifier);
    String failMode = "any";
    String failText = "";
    List<AnnotationExpectation> annotations = new ArrayList<>();
    if ("warn".equals(modifier) || "info".equals(modifier)) {
      annotations.add(new AnnotationExpectation(modifier, "any", ""));
    }
    Double scalar = null;
    String string = null;
    long[] rangeVector = null;
    List<SeriesDescription> expected = new ArrayList<>();
    int used = 0;
    for (String l : body) {
      used++;
      if (l.startsWith("expected_fail_message ")) {
        failMode = "msg";
        failText = l.substring("expected_fail_message ".length()).strip();
        break;
      }
      if (l.startsWith("expected_fail_regexp ")) {
        failMode = "regex";
        failText = l.substring("expected_fail_regexp ".length()).strip();
        break;
      }
      Matcher rv = RANGE_VECTOR.matcher(l);
      if (rv.matches()) {
        rangeVector = new long[] {duration(rv.group(1)), duration(rv.group(2)), duration(rv.group(3))};
        continue;
      }
      if (l.startsWith("expect string ")) {
        String q = l.substring("expect string ".length()).strip();
        string = GoQuote.unquote(q, new int[] {0});
        continue;
      }
      Matcher e = EXPECT.matcher(l);
      if (l.split("\\s", 2)[0].equals("expect") && e.matches()) {
        String kind = e.group(1);
        String mode = e.group(2) == null ? "any" : e.group(2);
        String text = e.group(3) == null ? "" : e.group(3).strip();
        switch (kind) {
          case "fail" -> {
            fail = true;
            failMode = mode;
            failText = text;
          }
          case "ordered" -> ordered = true;
          default -> annotations.add(new AnnotationExpectation(kind, mode, text));
        }
        continue;
      }
      Double number = parseNumber(l);
      if (number != null) {
        scalar = number;
        break;
      }
      expected.add(SeriesDescription.parse(l));
    }
    commands.add(new Eval(lineNo, expr, range, start, end, step, fail, failMode, failText, ordered, annotations, scalar, string,
        rangeVector, expected));
    return used;
  }

  /** A bare number line (Go integer syntax with base prefixes, or a float); null if the line is no number. */
  static Double parseNumber(String s) {
    String t = s.strip();
    try {
      String lower = t.toLowerCase(Locale.ROOT);
      boolean neg = lower.startsWith("-");
      String body = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
      if (body.startsWith("0x")) {
        return (neg ? -1 : 1) * (double) Long.parseLong(body.substring(2), 16);
      }
      if (body.startsWith("0o")) {
        return (neg ? -1 : 1) * (double) Long.parseLong(body.substring(2), 8);
      }
      if (body.startsWith("0b")) {
        return (neg ? -1 : 1) * (double) Long.parseLong(body.substring(2), 2);
      }
      if (body.length() > 1 && body.startsWith("0") && body.chars().allMatch(Character::isDigit)) {
        return (neg ? -1 : 1) * (double) Long.parseLong(body.substring(1), 8);
      }
      if (body.matches("inf|nan|(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
        return SeriesDescription.number(t);
      }
      return null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A test-script duration ({@code 1h30m}, {@code 0}, {@code -5m}) in milliseconds. */
  static long duration(String s) {
    String t = s.strip();
    boolean neg = t.startsWith("-");
    if (neg) {
      t = t.substring(1);
    }
    if (t.matches("\\d+")) {
      return (neg ? -1 : 1) * Long.parseLong(t) * 1000;
    }
    Matcher m = DURATION.matcher(t);
    long total = 0;
    int pos = 0;
    while (m.find()) {
      if (m.start() != pos) {
        throw new IllegalArgumentException("bad duration " + s);
      }
      long n = Long.parseLong(m.group(1));
      total += n * switch (m.group(2)) {
        case "ms" -> 1L;
        case "s" -> 1000L;
        case "m" -> 60_000L;
        case "h" -> 3_600_000L;
        case "d" -> 86_400_000L;
        case "w" -> 7 * 86_400_000L;
        case "y" -> 365 * 86_400_000L;
        default -> throw new IllegalArgumentException("bad unit in " + s);
      };
      pos = m.end();
    }
    if (pos != t.length()) {
      throw new IllegalArgumentException("bad duration " + s);
    }
    return neg ? -total : total;
  }
}
