package io.watchkeeper.query.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a PromQL expression into tokens, following Prometheus' lexer ({@code lex.go}): keywords
 * are case-insensitive, {@code Inf} and {@code NaN} are numbers, label names inside braces are
 * never keywords, {@code #} starts a comment that runs to the end of the line.
 *
 * <p>The whole input is lexed up front; a lexical error becomes a final {@link TokenType#ERROR}
 * token, so the parser reports it only when it gets there, as Prometheus' pull lexer does. Not
 * thread-safe; one instance per input.
 */
final class Lexer {
  private static final int EOF_CHAR = -1;

  private static final Map<String, TokenType> KEYWORDS =
      Map.ofEntries(
          Map.entry("and", TokenType.LAND),
          Map.entry("or", TokenType.LOR),
          Map.entry("unless", TokenType.LUNLESS),
          Map.entry("atan2", TokenType.ATAN2),
          Map.entry("sum", TokenType.AGGREGATOR),
          Map.entry("avg", TokenType.AGGREGATOR),
          Map.entry("count", TokenType.AGGREGATOR),
          Map.entry("min", TokenType.AGGREGATOR),
          Map.entry("max", TokenType.AGGREGATOR),
          Map.entry("group", TokenType.AGGREGATOR),
          Map.entry("stddev", TokenType.AGGREGATOR),
          Map.entry("stdvar", TokenType.AGGREGATOR),
          Map.entry("topk", TokenType.AGGREGATOR),
          Map.entry("bottomk", TokenType.AGGREGATOR),
          Map.entry("count_values", TokenType.AGGREGATOR),
          Map.entry("quantile", TokenType.AGGREGATOR),
          Map.entry("limitk", TokenType.AGGREGATOR),
          Map.entry("limit_ratio", TokenType.AGGREGATOR),
          Map.entry("offset", TokenType.OFFSET),
          Map.entry("anchored", TokenType.ANCHORED),
          Map.entry("smoothed", TokenType.SMOOTHED),
          Map.entry("by", TokenType.BY),
          Map.entry("without", TokenType.WITHOUT),
          Map.entry("on", TokenType.ON),
          Map.entry("ignoring", TokenType.IGNORING),
          Map.entry("group_left", TokenType.GROUP_LEFT),
          Map.entry("group_right", TokenType.GROUP_RIGHT),
          Map.entry("bool", TokenType.BOOL),
          Map.entry("start", TokenType.START),
          Map.entry("end", TokenType.END),
          Map.entry("step", TokenType.STEP),
          Map.entry("range", TokenType.RANGE));

  private final String input;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int start;
  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean gotColon;

  private Lexer(String input) {
    this.input = input;
  }

  /** The tokens of {@code input}, ending with {@link TokenType#EOF} or {@link TokenType#ERROR}. */
  static List<Token> lex(String input) {
    Lexer l = new Lexer(input);
    l.run();
    return l.tokens;
  }

  /** The keyword token type of a word, if it is one (case-insensitive). */
  static TokenType keyword(String word) {
    return KEYWORDS.get(word.toLowerCase(Locale.ROOT));
  }

  private void run() {
    boolean more = true;
    while (more) {
      more = braceOpen ? lexInsideBraces() : lexStatement();
    }
  }

  private int next() {
    if (pos >= input.length()) {
      pos = input.length() + 1; // so that backup() returns to the end
      return EOF_CHAR;
    }
    return input.charAt(pos++);
  }

  private void backup() {
    pos--;
  }

  private int peek() {
    return pos < input.length() ? input.charAt(pos) : EOF_CHAR;
  }

  private boolean accept(String valid) {
    int c = next();
    if (c != EOF_CHAR && valid.indexOf(c) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private void acceptRun(String valid) {
    while (accept(valid)) {
      // absorb
    }
  }

  private void emit(TokenType type) {
    tokens.add(new Token(type, input.substring(start, pos), start, pos));
    start = pos;
  }

  /** Ends lexing with an error token at the start of the current item. */
  private boolean error(String message) {
    tokens.add(new Token(TokenType.ERROR, message, start, input.length()));
    return false;
  }

  private void ignore() {
    start = pos;
  }

  private boolean lexStatement() {
    if (input.startsWith("#", pos)) {
      skipComment();
      return true;
    }
    int r = next();
    switch (r) {
      case EOF_CHAR -> {
        pos = input.length();
        start = pos;
        if (parenDepth != 0) {
          return error("unclosed left parenthesis");
        }
        if (bracketOpen) {
          return error("unclosed left bracket");
        }
        emit(TokenType.EOF);
        return false;
      }
      case ',' -> emit(TokenType.COMMA);
      case ' ', '\t', '\n', '\r' -> skipSpace();
      case '*' -> emit(TokenType.MUL);
      case '/' -> emit(TokenType.DIV);
      case '%' -> emit(TokenType.MOD);
      case '+' -> emit(TokenType.ADD);
      case '-' -> emit(TokenType.SUB);
      case '^' -> emit(TokenType.POW);
      case '@' -> emit(TokenType.AT);
      case '=' -> {
        int t = peek();
        if (t == '=') {
          next();
          emit(TokenType.EQLC);
        } else if (t == '~') {
          return error("unexpected character after '=': " + GoStrings.quoteRune(t));
        } else {
          emit(TokenType.EQL);
        }
      }
      case '!' -> {
        int t = next();
        if (t != '=') {
          return error("unexpected character after '!': " + GoStrings.quoteRune(t));
        }
        emit(TokenType.NEQ);
      }
      case '<' -> emit(accept("=") ? TokenType.LTE : accept("/") ? TokenType.TRIM_UPPER : TokenType.LSS);
      case '>' -> emit(accept("=") ? TokenType.GTE : accept("/") ? TokenType.TRIM_LOWER : TokenType.GTR);
      case '"', '\'' -> {
        return lexString((char) r);
      }
      case '`' -> {
        return lexRawString();
      }
      case '(' -> {
        emit(TokenType.LEFT_PAREN);
        parenDepth++;
      }
      case ')' -> {
        emit(TokenType.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          tokens.remove(tokens.size() - 1);
          return error("unexpected right parenthesis ')'");
        }
      }
      case '{' -> {
        emit(TokenType.LEFT_BRACE);
        braceOpen = true;
      }
      case '[' -> {
        if (bracketOpen) {
          return error("unexpected left bracket '['");
        }
        gotColon = false;
        emit(TokenType.LEFT_BRACKET);
        bracketOpen = true;
      }
      case ']' -> {
        if (!bracketOpen) {
          return error("unexpected right bracket ']'");
        }
        emit(TokenType.RIGHT_BRACKET);
        bracketOpen = false;
      }
      default -> {
        return lexOther(r);
      }
    }
    return true;
  }

  private boolean lexOther(int r) {
    if (isDigit(r) || (r == '.' && isDigit(peek()))) {
      backup();
      return lexNumberOrDuration();
    }
    if (r == ':' && bracketOpen) {
      if (gotColon) {
        return error("unexpected colon ':'");
      }
      gotColon = true;
      emit(TokenType.COLON);
      return true;
    }
    if (isAlpha(r) || r == ':') {
      backup();
      lexKeywordOrIdentifier();
      return true;
    }
    return error("unexpected character: " + GoStrings.quoteRune(Character.isSurrogate((char) r) ? 0xFFFD : r));
  }

  private boolean lexInsideBraces() {
    if (input.startsWith("#", pos)) {
      skipComment();
      return true;
    }
    int r = next();
    switch (r) {
      case EOF_CHAR -> {
        pos = input.length();
        start = pos;
        return error("unexpected end of input inside braces");
      }
      case ' ', '\t', '\n', '\r' -> skipSpace();
      case ',' -> emit(TokenType.COMMA);
      case '"', '\'' -> {
        return lexString((char) r);
      }
      case '`' -> {
        return lexRawString();
      }
      case '=' -> emit(accept("~") ? TokenType.EQL_REGEX : TokenType.EQL);
      case '!' -> {
        int nr = next();
        if (nr == '~') {
          emit(TokenType.NEQ_REGEX);
        } else if (nr == '=') {
          emit(TokenType.NEQ);
        } else {
          return error("unexpected character after '!' inside braces: " + GoStrings.quoteRune(nr));
        }
      }
      case '{' -> {
        return error("unexpected left brace '{'");
      }
      case '}' -> {
        emit(TokenType.RIGHT_BRACE);
        braceOpen = false;
      }
      default -> {
        if (isAlpha(r)) {
          while (isAlphaNumeric(peek())) {
            next();
          }
          emit(TokenType.IDENTIFIER);
          return true;
        }
        return error("unexpected character inside braces: " + GoStrings.quoteRune(r));
      }
    }
    return true;
  }

  private void skipComment() {
    while (pos < input.length() && input.charAt(pos) != '\n') {
      pos++;
    }
    ignore();
  }

  private void skipSpace() {
    while (isSpace(peek())) {
      next();
    }
    ignore();
  }

  private boolean lexString(char quote) {
    while (true) {
      int c = next();
      if (c == '\\') {
        String err = lexEscape(quote);
        if (err != null) {
          return error(err);
        }
      } else if (c == EOF_CHAR || c == '\n') {
        return error("unterminated quoted string");
      } else if (c == quote) {
        break;
      } else if (Character.isSurrogate((char) c) && !validSurrogatePair(c)) {
        return error("invalid UTF-8 rune");
      }
    }
    emit(TokenType.STRING);
    return true;
  }

  private boolean lexRawString() {
    while (true) {
      int c = next();
      if (c == EOF_CHAR) {
        return error("unterminated raw string");
      } else if (c == '`') {
        break;
      } else if (Character.isSurrogate((char) c) && !validSurrogatePair(c)) {
        return error("invalid UTF-8 rune");
      }
    }
    emit(TokenType.STRING);
    return true;
  }

  /** Consumes the low half of a pair whose high half was just read; false for a lone surrogate. */
  private boolean validSurrogatePair(int high) {
    if (Character.isHighSurrogate((char) high) && pos < input.length() && Character.isLowSurrogate(input.charAt(pos))) {
      pos++;
      return true;
    }
    return false;
  }

  /** Checks one escape sequence after a backslash; returns an error message or null. */
  private String lexEscape(char quote) {
    int ch = next();
    int n;
    int base;
    int max;
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
        return null;
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        n = 3;
        base = 8;
        max = 255;
      }
      case 'x' -> {
        ch = next();
        n = 2;
        base = 16;
        max = 255;
      }
      case 'u' -> {
        ch = next();
        n = 4;
        base = 16;
        max = Character.MAX_CODE_POINT;
      }
      case 'U' -> {
        ch = next();
        n = 8;
        base = 16;
        max = Character.MAX_CODE_POINT;
      }
      case EOF_CHAR -> {
        return "escape sequence not terminated";
      }
      default -> {
        if (ch == quote) {
          return null;
        }
        return "unknown escape sequence " + GoStrings.describeRune(ch);
      }
    }
    long x = 0;
    while (n > 0) {
      int d = Character.digit(ch, 16);
      if (d < 0 || d >= base) {
        if (ch == EOF_CHAR) {
          return "escape sequence not terminated";
        }
        return "illegal character " + GoStrings.describeRune(ch) + " in escape sequence";
      }
      x = x * base + d;
      n--;
      if (n > 0) {
        ch = next();
      }
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
      return "escape sequence is an invalid Unicode code point";
    }
    return null;
  }

  private boolean lexNumberOrDuration() {
    if (scanNumber()) {
      emit(TokenType.NUMBER);
      return true;
    }
    if (acceptRemainingDuration()) {
      backup();
      emit(TokenType.DURATION);
      return true;
    }
    return error("bad number or duration syntax: " + GoStrings.quote(input.substring(start, Math.min(pos, input.length()))));
  }

  private boolean scanNumber() {
    String digits = "0123456789";
    if (accept("0") && accept("xX")) {
      digits = "0123456789abcdefABCDEF";
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (accept("eE")) {
      accept("+-");
      acceptRun("0123456789");
    }
    return !isAlphaNumeric(peek());
  }

  private boolean acceptRemainingDuration() {
    if (!accept("smhdwy")) {
      return false;
    }
    accept("s");
    while (accept("0123456789")) {
      acceptRun("0123456789");
      if (!accept("smhdw")) {
        return false;
      }
      accept("s");
    }
    return !isAlphaNumeric(next());
  }

  private void lexKeywordOrIdentifier() {
    while (isAlphaNumeric(peek()) || peek() == ':') {
      next();
    }
    String word = input.substring(start, pos);
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.equals("inf") || lower.equals("nan")) {
      emit(TokenType.NUMBER);
      return;
    }
    TokenType kw = KEYWORDS.get(lower);
    if (kw != null) {
      emit(kw);
    } else if (word.indexOf(':') < 0) {
      emit(TokenType.IDENTIFIER);
    } else {
      emit(TokenType.METRIC_IDENTIFIER);
    }
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\r';
  }

  static boolean isAlpha(int r) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  }

  static boolean isDigit(int r) {
    return r >= '0' && r <= '9';
  }

  static boolean isAlphaNumeric(int r) {
    return isAlpha(r) || isDigit(r);
  }
}
