package io.watchkeeper.query.parser;

import java.util.Locale;

/**
 * Go's string quoting rules, which PromQL inherits: {@link #unquote} resolves a lexed string
 * literal ({@code "..."}, {@code '...'} or a raw {@code `...`}) and {@link #quote} writes one as
 * Go's {@code strconv.Quote} does.
 *
 * <p>Go strings are bytes, so {@code "\xff"} is a valid literal that is not valid UTF-8. Java
 * strings cannot hold such bytes, so a byte that does not belong to a valid UTF-8 sequence is
 * kept as the lone surrogate {@code U+DC00 + byte} (Python's "surrogateescape"): label-name
 * validation then rejects it, and {@link #quote} prints it back as {@code \xff}.
 */
final class GoStrings {
  private GoStrings() {}

  /** Whether {@code c} stands for an invalid byte (see the class comment). */
  static boolean isEscapedByte(char c) {
    return c >= 0xDC80 && c <= 0xDCFF;
  }

  /** Go's {@code strconv.Quote}: double quotes, escapes for quotes, backslash and unprintables. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    appendQuoted(sb, s);
    return sb.toString();
  }

  /** Appends {@link #quote}{@code (s)} to {@code sb}. */
  static void appendQuoted(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      appendEscapedRune(sb, cp, '"');
    }
    sb.append('"');
  }

  /** Go's {@code %q} for a rune: {@code 'x'}. */
  static String quoteRune(int cp) {
    StringBuilder sb = new StringBuilder("'");
    appendEscapedRune(sb, cp < 0 ? 0xFFFD : cp, '\'');
    return sb.append('\'').toString();
  }

  /** Go's {@code %#U} for a rune: {@code U+0071 'q'}. */
  static String describeRune(int cp) {
    String code = String.format(Locale.ROOT, "U+%04X", cp);
    return isPrintable(cp) ? code + " '" + new String(Character.toChars(cp)) + "'" : code;
  }

  private static void appendEscapedRune(StringBuilder sb, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      sb.append('\\').appendCodePoint(cp);
      return;
    }
    if (isPrintable(cp)) {
      sb.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0B -> sb.append("\\v");
      default -> {
        if (cp < ' ' || cp == 0x7F) {
          sb.append(String.format(Locale.ROOT, "\\x%02x", cp));
        } else if (isEscapedByte((char) cp) && cp <= 0xFFFF) {
          sb.append(String.format(Locale.ROOT, "\\x%02x", cp - 0xDC00));
        } else if (cp < 0x10000) {
          sb.append(String.format(Locale.ROOT, "\\u%04x", cp));
        } else {
          sb.append(String.format(Locale.ROOT, "\\U%08x", cp));
        }
      }
    }
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
  static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  /**
   * The value of a string literal as the lexer accepted it (quotes included). The lexer has
   * already checked the escapes, so this does not fail on lexed input.
   *
   * @throws IllegalArgumentException if {@code literal} is not a well-formed literal
   */
  static String unquote(String literal) {
    if (literal.length() < 2) {
      throw new IllegalArgumentException("invalid string literal " + literal);
    }
    char q = literal.charAt(0);
    if (literal.charAt(literal.length() - 1) != q || (q != '"' && q != '\'' && q != '`')) {
      throw new IllegalArgumentException("invalid string literal " + literal);
    }
    String body = literal.substring(1, literal.length() - 1);
    if (q == '`' || body.indexOf('\\') < 0) {
      return body;
    }
    StringBuilder sb = new StringBuilder(body.length());
    byte[] bytes = new byte[body.length()];
    int nbytes = 0;
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c != '\\') {
        nbytes = flushBytes(sb, bytes, nbytes);
        sb.append(c);
        i++;
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new IllegalArgumentException("escape sequence not terminated");
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> sb.append((char) 0x07);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'v' -> sb.append((char) 0x0B);
        case '\\', '"', '\'' -> sb.append(e);
        case 'x' -> {
          bytes[nbytes++] = (byte) Integer.parseInt(body.substring(i, i + 2), 16);
          i += 2;
          continue;
        }
        case 'u', 'U' -> {
          int n = e == 'u' ? 4 : 8;
          nbytes = flushBytes(sb, bytes, nbytes);
          sb.appendCodePoint(Integer.parseInt(body.substring(i, i + n), 16));
          i += n;
          continue;
        }
        default -> {
          if (e < '0' || e > '7') {
            throw new IllegalArgumentException("unknown escape sequence " + describeRune(e));
          }
          bytes[nbytes++] = (byte) Integer.parseInt(body.substring(i - 1, i + 2), 8);
          i += 2;
          continue;
        }
      }
      nbytes = flushBytes(sb, bytes, nbytes);
    }
    flushBytes(sb, bytes, nbytes);
    return sb.toString();
  }

  /** Decodes pending escaped bytes as UTF-8, invalid bytes as lone surrogates; returns 0. */
  private static int flushBytes(StringBuilder sb, byte[] bytes, int n) {
    int i = 0;
    while (i < n) {
      int b0 = bytes[i] & 0xFF;
      int len = b0 < 0x80 ? 1 : b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
      int cp = validSequence(bytes, i, n, len);
      if (cp < 0) {
        sb.append((char) (b0 < 0x80 ? b0 : 0xDC00 + b0));
        i++;
      } else {
        sb.appendCodePoint(cp);
        i += len;
      }
    }
    return 0;
  }

  private static int validSequence(byte[] bytes, int i, int n, int len) {
    if (len == 0 || i + len > n) {
      return len == 1 ? bytes[i] : -1;
    }
    int cp = len == 1 ? bytes[i] & 0x7F : bytes[i] & (0xFF >> (len + 1));
    for (int k = 1; k < len; k++) {
      int b = bytes[i + k] & 0xFF;
      if ((b & 0xC0) != 0x80) {
        return -1;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    boolean overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return -1;
    }
    return cp;
  }
}
