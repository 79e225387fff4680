package io.watchkeeper.rules.template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's {@code strconv.Unquote} for template string and character literals. Stateless. */
final class GoStrings {
  private GoStrings() {}

  /**
   * The value of a Go string literal: {@code "..."} with escapes, or {@code `...`} raw.
   *
   * @throws IllegalArgumentException on a malformed literal
   */
  static String unquote(String literal) {
    if (literal.length() < 2) {
      throw new IllegalArgumentException("invalid syntax");
    }
    char q = literal.charAt(0);
    if (q == '`') {
      if (literal.charAt(literal.length() - 1) != '`') {
        throw new IllegalArgumentException("invalid syntax");
      }
      return literal.substring(1, literal.length() - 1).replace("\r", "");
    }
    if (q != '"' || literal.charAt(literal.length() - 1) != '"') {
      throw new IllegalArgumentException("invalid syntax");
    }
    return unescape(literal.substring(1, literal.length() - 1), '"');
  }

  /** The code point of a Go character literal such as {@code 'a'} or {@code '\n'}. */
  static int unquoteChar(String literal) {
    if (literal.length() < 3 || literal.charAt(0) != '\'' || literal.charAt(literal.length() - 1) != '\'') {
      throw new IllegalArgumentException("malformed character constant: " + literal);
    }
    String v = unescape(literal.substring(1, literal.length() - 1), '\'');
    if (v.codePointCount(0, v.length()) != 1) {
      throw new IllegalArgumentException("malformed character constant: " + literal);
    }
    return v.codePointAt(0);
  }

  private static String unescape(String body, char quote) {
    // Collect UTF-8 bytes: \x and octal escapes denote bytes, not code points, as in Go.
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == quote) {
        throw new IllegalArgumentException("invalid syntax");
      }
      if (c != '\\') {
        int cp = body.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new IllegalArgumentException("invalid syntax");
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(11);
        case '\\' -> out.write('\\');
        case '\'', '"' -> {
          if (e != quote) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.write(e);
        }
        case 'x' -> {
          out.write(hex(body, i, 2));
          i += 2;
        }
        case 'u', 'U' -> {
          int n = e == 'u' ? 4 : 8;
          int cp = hex(body, i, n);
          if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
          i += n;
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > body.length()) {
            throw new IllegalArgumentException("invalid syntax");
          }
          int v = Integer.parseInt(body.substring(i - 1, i + 2), 8);
          if (v > 255 || !body.substring(i - 1, i + 2).chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.write(v);
          i += 2;
        }
        default -> throw new IllegalArgumentException("invalid syntax");
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int from, int n) {
    if (from + n > s.length()) {
      throw new IllegalArgumentException("invalid syntax");
    }
    try {
      return Integer.parseUnsignedInt(s.substring(from, from + n), 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid syntax", e);
    }
  }
}
