package io.watchkeeper.ingest.relabel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Go's RE2, as Prometheus relabelling compiles it: fully anchored,
 * {@code .} matching newlines, with Go's {@code $1 ${1} $name ${name} $$} template expansion.
 *
 * <p>RE2 syntax is translated where Java reads it differently: named groups {@code (?P<name>...)}
 * (names may contain underscores, which Java's do not allow), POSIX classes {@code [[:alpha:]]}, a
 * literal {@code [} or {@code &&} inside a class, a {@code {} that is not a repetition, and {@code
 * $} (end of text in Go, also before a final newline in Java). Java accepts a superset of RE2
 * (backreferences, lookaround), so a few expressions Prometheus rejects are accepted here.
 *
 * <p>Immutable and thread-safe.
 */
final class GoRegex {
  private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
      Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
      Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
      Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\p{Space}"), Map.entry("upper", "\\p{Upper}"),
      Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));
  private static final Pattern REPETITION = Pattern.compile("\\{\\d+(,\\d*)?}");

  private final String source;
  private final Pattern pattern;
  /** Group index by name, for {@code $name} in templates. */
  private final Map<String, Integer> groupNames;

  private GoRegex(String source, Pattern pattern, Map<String, Integer> groupNames) {
    this.source = source;
    this.pattern = pattern;
    this.groupNames = groupNames;
  }

  /**
   * Compiles {@code regex} anchored at both ends.
   *
   * @throws IllegalArgumentException with the position of the problem if it does not compile
   */
  static GoRegex compile(String regex) {
    Map<String, Integer> names = new HashMap<>();
    String java = translate(regex, names);
    try {
      return new GoRegex(regex, Pattern.compile("(?s:" + java + ")"), Map.copyOf(names));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression \"" + regex + "\": " + e.getDescription()
          + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""), e);
    }
  }

  /** The expression as written. */
  String source() {
    return source;
  }

  /** Whether the whole of {@code s} matches. */
  boolean matches(String s) {
    return pattern.matcher(s).matches();
  }

  /** A matcher over {@code s}; call {@link Matcher#matches()} before {@link #expand}. */
  Matcher matcher(String s) {
    return pattern.matcher(s);
  }

  /**
   * Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} become the
   * group's text (empty for an unknown or unmatched group), {@code $$} a dollar; a {@code $} not
   * followed by a name stays as written. As in Go, {@code $1x} means the group named {@code 1x}.
   */
  String expand(String template, Matcher m) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        out.append(template, i, n);
        break;
      }
      out.append(template, i, dollar);
      i = dollar + 1;
      if (i < n && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      boolean brace = i < n && template.charAt(i) == '{';
      int nameStart = brace ? i + 1 : i;
      int j = nameStart;
      while (j < n && isNameChar(template.codePointAt(j))) {
        j += Character.charCount(template.codePointAt(j));
      }
      if (j == nameStart || (brace && (j >= n || template.charAt(j) != '}'))) {
        out.append('$'); // malformed: the dollar is literal text
        continue;
      }
      String name = template.substring(nameStart, j);
      i = brace ? j + 1 : j;
      int group = groupIndex(name);
      if (group >= 0 && group <= m.groupCount()) {
        String g = m.group(group);
        if (g != null) {
          out.append(g);
        }
      }
    }
    return out.toString();
  }

  private int groupIndex(String name) {
    int num = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        num = -1;
        break;
      }
      num = num * 10 + (c - '0');
    }
    if (name.length() > 1 && name.charAt(0) == '0') {
      num = -1; // Go: no leading zeros
    }
    if (num >= 0) {
      return num;
    }
    Integer named = groupNames.get(name);
    return named == null ? -1 : named;
  }

  private static boolean isNameChar(int cp) {
    return Character.isLetter(cp) || Character.isDigit(cp) || cp == '_';
  }

  /** Rewrites RE2 syntax into Java's; collects named groups' indexes into {@code names}. */
  static String translate(String re, Map<String, Integer> names) {
    StringBuilder out = new StringBuilder(re.length() + 8);
    int group = 0;
    int i = 0;
    int n = re.length();
    while (i < n) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && re.charAt(i + 1) == 'Q') {
          int e = re.indexOf("\\E", i + 2);
          int stop = e < 0 ? n : e + 2;
          out.append(re, i, stop);
          i = stop;
          continue;
        }
        out.append(re, i, Math.min(i + 2, n));
        i += 2;
        continue;
      }
      if (c == '[') {
        i = translateClass(re, i, out);
        continue;
      }
      if (c == '(') {
        if (re.startsWith("(?P<", i) || (re.startsWith("(?<", i) && !re.startsWith("(?<=", i) && !re.startsWith("(?<!", i))) {
          int nameStart = re.indexOf('<', i) + 1;
          int close = re.indexOf('>', nameStart);
          if (close > nameStart) {
            group++;
            names.put(re.substring(nameStart, close), group);
            out.append('(');
            i = close + 1;
            continue;
          }
        } else if (i + 1 >= n || re.charAt(i + 1) != '?') {
          group++;
        }
        out.append(c);
        i++;
        continue;
      }
      if (c == '{') {
        java.util.regex.Matcher m = REPETITION.matcher(re).region(i, n);
        if (m.lookingAt()) {
          out.append(m.group());
          i = m.end();
        } else {
          out.append("\\{");
          i++;
        }
        continue;
      }
      if (c == '$') {
        out.append("\\z");
        i++;
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** Copies the character class starting at {@code re[start] == '['}; returns the index after it. */
  private static int translateClass(String re, int start, StringBuilder out) {
    int n = re.length();
    int i = start + 1;
    out.append('[');
    if (i < n && re.charAt(i) == '^') {
      out.append('^');
      i++;
    }
    if (i < n && re.charAt(i) == ']') {
      out.append("\\]"); // a leading ] is literal in RE2
      i++;
    }
    List<String> parts = new ArrayList<>();
    while (i < n) {
      char c = re.charAt(i);
      if (c == ']') {
        parts.forEach(out::append);
        out.append(']');
        return i + 1;
      }
      if (c == '\\') {
        parts.add(re.substring(i, Math.min(i + 2, n)));
        i += 2;
        continue;
      }
      if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
        int close = re.indexOf(":]", i + 2);
        if (close > 0) {
          String name = re.substring(i + 2, close);
          boolean negated = name.startsWith("^");
          String cls = POSIX_CLASSES.get(negated ? name.substring(1) : name);
          if (cls != null) {
            parts.add(negated ? (cls.startsWith("\\p") ? "\\P" + cls.substring(2) : "\\W") : cls);
            i = close + 2;
            continue;
          }
        }
      }
      if (c == '[' || c == '&') {
        parts.add("\\" + c);
        i++;
        continue;
      }
      parts.add(String.valueOf(c));
      i++;
    }
    // unterminated: let Pattern report it
    parts.forEach(out::append);
    return n;
  }
}
