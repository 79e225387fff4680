package io.watchkeeper.rules.template;

import io.watchkeeper.rules.template.TemplateFunction.FunctionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go's {@code regexp} behaviour for the template functions {@code match} and {@code reReplaceAll}
 * on Java's engine: RE2's {@code (?P<name>...)} groups, Go's {@code $name}/{@code ${name}}
 * replacement expansion (a name is the longest run of letters, digits and underscores, so
 * {@code $1x} names group "1x"), and Go's rule that an empty match right after a match is not
 * replaced. Stateless.
 */
final class GoRegexp {
  private GoRegexp() {}

  static Pattern compile(String pattern) throws FunctionException {
    try {
      return Pattern.compile(pattern.replace("(?P<", "(?<"));
    } catch (PatternSyntaxException e) {
      throw new FunctionException("regexp: Compile(" + backquote(pattern) + "): error parsing regexp: "
          + e.getDescription() + ": `" + pattern + "`", e);
    }
  }

  private static String backquote(String s) {
    return s.indexOf('`') < 0 ? "`" + s + "`" : "\"" + s.replace("\"", "\\\"") + "\"";
  }

  /** {@code regexp.MatchString}: whether the pattern matches anywhere in {@code text}. */
  static boolean matches(String pattern, String text) throws FunctionException {
    return compile(pattern).matcher(text).find();
  }

  /** {@code Regexp.ReplaceAllString}. */
  static String replaceAll(String pattern, String replacement, String text) throws FunctionException {
    Pattern p = compile(pattern);
    Matcher m = p.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int lastMatchEnd = 0;
    int searchPos = 0;
    while (searchPos <= text.length() && m.find(searchPos)) {
      out.append(text, lastMatchEnd, m.start());
      if (m.end() > lastMatchEnd || m.start() == 0) {
        expand(out, replacement, m, p);
      }
      lastMatchEnd = m.end();
      int width = searchPos < text.length() ? Character.charCount(text.codePointAt(searchPos)) : 1;
      if (searchPos + width > m.end()) {
        searchPos += width;
      } else {
        searchPos = m.end();
      }
    }
    out.append(text, Math.min(lastMatchEnd, text.length()), text.length());
    return out.toString();
  }

  private static void expand(StringBuilder out, String template, Matcher m, Pattern p) {
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      boolean brace = i + 1 < template.length() && template.charAt(i + 1) == '{';
      int start = i + (brace ? 2 : 1);
      int end = start;
      while (end < template.length() && isNameChar(template.charAt(end))) {
        end++;
      }
      if (end == start || (brace && (end >= template.length() || template.charAt(end) != '}'))) {
        out.append('$'); // malformed: the dollar stands for itself
        i++;
        continue;
      }
      String name = template.substring(start, end);
      out.append(group(m, p, name));
      i = brace ? end + 1 : end;
    }
  }

  private static boolean isNameChar(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String group(Matcher m, Pattern p, String name) {
    if (name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      if (name.length() > 8) {
        return "";
      }
      int n = Integer.parseInt(name);
      if (n > m.groupCount()) {
        return "";
      }
      String g = m.group(n);
      return g == null ? "" : g;
    }
    if (!p.namedGroups().containsKey(name)) {
      return "";
    }
    String g = m.group(name);
    return g == null ? "" : g;
  }
}
