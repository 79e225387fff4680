package io.watchkeeper.query.engine;

/** Go string literal unquoting for test scripts: {@code "..."} and {@code '...'} with escapes, back-quoted raw. */
final class GoQuote {
  private GoQuote() {}

  /** Unquotes the literal starting at {@code pos[0]}; leaves {@code pos[0]} after it. */
  static String unquote(String s, int[] pos) {
    int i = pos[0];
    char q = s.charAt(i++);
    StringBuilder sb = new StringBuilder();
    while (s.charAt(i) != q) {
      char c = s.charAt(i++);
      if (c != '\\' || q == '`') {
        sb.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'v' -> sb.append('\u000b');
        case 'x' -> {
          sb.append((char) Integer.parseInt(s.substring(i, i + 2), 16));
          i += 2;
        }
        case 'u' -> {
          sb.appendCodePoint(Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        case 'U' -> {
          sb.appendCodePoint(Integer.parseInt(s.substring(i, i + 8), 16));
          i += 8;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            sb.append((char) Integer.parseInt(s.substring(i - 1, i + 2), 8));
            i += 2;
          } else {
            sb.append(e);
          }
        }
      }
    }
    pos[0] = i + 1;
    return sb.toString();
  }
}
