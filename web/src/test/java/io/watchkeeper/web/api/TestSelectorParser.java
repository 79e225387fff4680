package io.watchkeeper.web.api;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.query.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * A small PromQL series-selector parser for the tests, standing in for the real parser (written
 * concurrently): {@code name}, {@code name{l="v",...}}, {@code {l=~"v"}} with the four operators
 * and double-quoted values; errors carry Prometheus-style positions.
 */
final class TestSelectorParser implements SelectorParser {
  private String s = "";
  private int pos;

  @Override
  public synchronized List<Matcher> parseMetricSelector(String selector) throws ParseException {
    s = selector;
    pos = 0;
    List<Matcher> matchers = new ArrayList<>();
    skipSpace();
    if (pos == s.length()) {
      throw error("unexpected end of input");
    }
    String name = identifier(true);
    if (!name.isEmpty()) {
      matchers.add(Matcher.metricName(name));
    }
    skipSpace();
    if (pos < s.length() && s.charAt(pos) == '{') {
      pos++;
      skipSpace();
      while (pos < s.length() && s.charAt(pos) != '}') {
        matchers.add(matcher());
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          skipSpace();
        }
      }
      if (pos == s.length()) {
        throw error("unexpected end of input inside braces");
      }
      pos++;
    } else if (name.isEmpty()) {
      throw error("unexpected character: '" + s.charAt(pos) + "'");
    }
    skipSpace();
    if (pos != s.length()) {
      throw error("unexpected character after selector: '" + s.charAt(pos) + "'");
    }
    return matchers;
  }

  private Matcher matcher() throws ParseException {
    String label = identifier(false);
    if (label.isEmpty()) {
      throw error("unexpected character inside braces: '" + s.charAt(pos) + "'");
    }
    skipSpace();
    MatchType type;
    if (s.startsWith("=~", pos)) {
      type = MatchType.REGEX;
    } else if (s.startsWith("!~", pos)) {
      type = MatchType.NOT_REGEX;
    } else if (s.startsWith("!=", pos)) {
      type = MatchType.NOT_EQUAL;
    } else if (s.startsWith("=", pos)) {
      type = MatchType.EQUAL;
    } else {
      throw error("unexpected character inside braces: '" + (pos < s.length() ? s.charAt(pos) : ' ') + "'");
    }
    pos += type.operator().length();
    skipSpace();
    String value = string();
    try {
      return Matcher.of(type, label, value);
    } catch (PatternSyntaxException e) {
      throw error("invalid regular expression: " + value);
    }
  }

  private String string() throws ParseException {
    if (pos >= s.length() || s.charAt(pos) != '"') {
      throw error("expected a quoted label value");
    }
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < s.length() && s.charAt(pos) != '"') {
      char c = s.charAt(pos++);
      if (c == '\\' && pos < s.length()) {
        char e = s.charAt(pos++);
        sb.append(e == 'n' ? '\n' : e);
      } else {
        sb.append(c);
      }
    }
    if (pos >= s.length()) {
      throw error("unterminated quoted string");
    }
    pos++;
    return sb.toString();
  }

  private String identifier(boolean metric) {
    int start = pos;
    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || (metric && s.charAt(pos) == ':'))) {
      pos++;
    }
    String id = s.substring(start, pos);
    if (!id.isEmpty() && !(metric ? Labels.isValidMetricName(id) : Labels.isValidLabelName(id))) {
      pos = start;
      return "";
    }
    return id;
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private ParseException error(String detail) {
    return new ParseException(1, pos + 1, pos, detail);
  }
}
