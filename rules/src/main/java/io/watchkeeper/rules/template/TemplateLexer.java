package io.watchkeeper.rules.template;

import io.watchkeeper.rules.template.TemplateToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits template text into tokens with Go's {@code text/template} lexical rules: text between
 * {@code {{ }}} actions, trim markers ({@code {{- } and { -}}}), comments ({@code {{/* *\/}}}),
 * and inside actions identifiers, keywords, fields, variables, strings, characters, numbers and
 * punctuation. Spaces inside actions are tokens, as in Go, because they separate arguments. A lexical
 * error ends the token list with an {@link Kind#ERROR} token carrying the message. Not thread-safe;
 * one instance per text.
 */
final class TemplateLexer {
  private static final String LEFT = "{{";
  private static final String RIGHT = "}}";
  private static final String LEFT_COMMENT = "/*";
  private static final String RIGHT_COMMENT = "*/";
  private static final Set<String> KEYWORDS =
      Set.of("block", "break", "continue", "define", "else", "end", "if", "range", "template", "with");

  private final String input;
  private final List<TemplateToken> tokens = new ArrayList<>();
  private int pos;
  private int start;
  private int parenDepth;
  private boolean trimNextText;

  private TemplateLexer(String input) {
    this.input = input;
  }

  /** All tokens of {@code input}, ending with EOF or ERROR. */
  static List<TemplateToken> lex(String input) {
    TemplateLexer l = new TemplateLexer(input);
    l.run();
    return l.tokens;
  }

  private void run() {
    boolean inAction = false;
    while (true) {
      int before = tokens.size();
      boolean ok = inAction ? lexInsideAction() : lexText();
      if (!ok) {
        return;
      }
      if (tokens.size() == before) {
        continue; // a comment: still in text
      }
      TemplateToken last = tokens.get(tokens.size() - 1);
      if (last.kind() == Kind.EOF || last.kind() == Kind.ERROR) {
        return;
      }
      inAction = last.kind() == Kind.LEFT_DELIM;
    }
  }

  // --- positions ---------------------------------------------------------------------------

  private int lineAt(int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < input.length(); i++) {
      if (input.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private int columnAt(int offset) {
    int lineStart = input.lastIndexOf('\n', offset - 1) + 1;
    return offset - lineStart + 1;
  }

  private void emit(Kind kind, int from, int to) {
    tokens.add(new TemplateToken(kind, input.substring(from, to), from, lineAt(from), columnAt(from)));
  }

  private boolean error(String message) {
    tokens.add(new TemplateToken(Kind.ERROR, message, start, lineAt(start), columnAt(start)));
    return false;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isAlphaNumeric(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < input.length() ? input.charAt(i) : '\0';
  }

  // --- text --------------------------------------------------------------------------------

  /** Text up to the next left delimiter; returns false after an error. */
  private boolean lexText() {
    if (trimNextText) {
      while (pos < input.length() && isSpace(input.charAt(pos))) {
        pos++;
      }
      trimNextText = false;
    }
    start = pos;
    int delim = input.indexOf(LEFT, pos);
    if (delim < 0) {
      if (pos < input.length()) {
        emit(Kind.TEXT, pos, input.length());
      }
      pos = input.length();
      tokens.add(new TemplateToken(Kind.EOF, "", pos, lineAt(pos), columnAt(pos)));
      return true;
    }
    boolean trimLeft = hasLeftTrimMarker(delim + LEFT.length());
    int textEnd = delim;
    if (trimLeft) {
      while (textEnd > pos && isSpace(input.charAt(textEnd - 1))) {
        textEnd--;
      }
    }
    if (textEnd > pos) {
      emit(Kind.TEXT, pos, textEnd);
    }
    pos = delim + LEFT.length() + (trimLeft ? 2 : 0);
    start = delim;
    if (input.startsWith(LEFT_COMMENT, pos)) {
      return lexComment(delim);
    }
    emit(Kind.LEFT_DELIM, delim, delim + LEFT.length());
    return true;
  }

  private boolean hasLeftTrimMarker(int afterDelim) {
    return afterDelim + 1 < input.length() && input.charAt(afterDelim) == '-' && isSpace(input.charAt(afterDelim + 1));
  }

  private boolean lexComment(int delim) {
    int end = input.indexOf(RIGHT_COMMENT, pos + LEFT_COMMENT.length());
    if (end < 0) {
      start = delim;
      return error("unclosed comment");
    }
    pos = end + RIGHT_COMMENT.length();
    if (input.startsWith(" -" + RIGHT, pos)) {
      trimNextText = true;
      pos += 2 + RIGHT.length();
    } else if (input.startsWith(RIGHT, pos)) {
      pos += RIGHT.length();
    } else {
      start = delim;
      return error("comment ends before closing delimiter");
    }
    return true;
  }

  // --- inside an action --------------------------------------------------------------------

  /** Tokens up to and including the right delimiter; false after an error. */
  private boolean lexInsideAction() {
    while (true) {
      start = pos;
      if (parenDepth == 0 && atRightDelim()) {
        return true;
      }
      if (pos >= input.length()) {
        return error("unclosed action");
      }
      char c = input.charAt(pos);
      if (isSpace(c)) {
        if (atRightTrimDelim()) {
          if (parenDepth != 0) {
            return error("unclosed left paren");
          }
          emit(Kind.SPACE, pos, pos + 1);
          continue;
        }
        while (pos < input.length() && isSpace(input.charAt(pos)) && !atRightTrimDelim()) {
          pos++;
        }
        emit(Kind.SPACE, start, pos);
        continue;
      }
      if (input.startsWith(RIGHT, pos)) {
        return error(parenDepth != 0 ? "unclosed left paren" : "unexpected right delimiter");
      }
      if (!lexActionItem(c)) {
        return false;
      }
    }
  }

  private boolean atRightDelim() {
    if (input.startsWith(RIGHT, pos)) {
      emit(Kind.RIGHT_DELIM, pos, pos + RIGHT.length());
      pos += RIGHT.length();
      return true;
    }
    if (atRightTrimDelim()) {
      emit(Kind.RIGHT_DELIM, pos + 1, pos + 2 + RIGHT.length());
      pos += 2 + RIGHT.length();
      trimNextText = true;
      return true;
    }
    return false;
  }

  /** At a space followed by {@code -}}}: a right delimiter with a trim marker. */
  private boolean atRightTrimDelim() {
    return pos + 1 < input.length() && isSpace(input.charAt(pos)) && input.charAt(pos + 1) == '-'
        && input.startsWith(RIGHT, pos + 2);
  }

  private boolean lexActionItem(char c) {
    switch (c) {
      case '=' -> {
        pos++;
        emit(Kind.ASSIGN, start, pos);
      }
      case ':' -> {
        if (peek(1) != '=') {
          return error("expected :=");
        }
        pos += 2;
        emit(Kind.DECLARE, start, pos);
      }
      case '|' -> {
        pos++;
        emit(Kind.PIPE, start, pos);
      }
      case '"' -> {
        return lexQuote();
      }
      case '`' -> {
        return lexRawQuote();
      }
      case '$' -> {
        return lexVariable();
      }
      case '\'' -> {
        return lexChar();
      }
      case '.' -> {
        if (Character.isDigit(peek(1))) {
          return lexNumber();
        }
        return lexField();
      }
      case '(' -> {
        pos++;
        parenDepth++;
        emit(Kind.LEFT_PAREN, start, pos);
      }
      case ')' -> {
        pos++;
        parenDepth--;
        if (parenDepth < 0) {
          return error("unexpected right paren");
        }
        emit(Kind.RIGHT_PAREN, start, pos);
      }
      case ',' -> {
        pos++;
        emit(Kind.COMMA, start, pos);
      }
      default -> {
        if (c == '+' || c == '-' || Character.isDigit(c)) {
          return lexNumber();
        }
        if (isAlphaNumeric(c)) {
          return lexIdentifier();
        }
        return error("unrecognized character in action: " + GoFormat.unicodeName(input.codePointAt(pos)));
      }
    }
    return true;
  }

  private boolean atTerminator() {
    if (pos >= input.length()) {
      return true;
    }
    char c = input.charAt(pos);
    return isSpace(c) || c == '.' || c == ',' || c == '|' || c == ':' || c == ')' || c == '(' || c == '='
        || input.startsWith(RIGHT, pos);
  }

  private boolean lexIdentifier() {
    while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
      pos++;
    }
    if (!atTerminator()) {
      return error("bad character " + GoFormat.unicodeName(input.codePointAt(pos)));
    }
    String word = input.substring(start, pos);
    Kind kind;
    if (KEYWORDS.contains(word)) {
      kind = Kind.KEYWORD;
    } else if (word.equals("true") || word.equals("false")) {
      kind = Kind.BOOL;
    } else if (word.equals("nil")) {
      kind = Kind.NIL;
    } else {
      kind = Kind.IDENTIFIER;
    }
    emit(kind, start, pos);
    return true;
  }

  private boolean lexField() {
    pos++; // the dot
    if (pos >= input.length() || !isAlphaNumeric(input.charAt(pos))) {
      emit(Kind.DOT, start, pos);
      return true;
    }
    while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
      pos++;
    }
    if (!atTerminator()) {
      return error("bad character " + GoFormat.unicodeName(input.codePointAt(pos)));
    }
    emit(Kind.FIELD, start, pos);
    return true;
  }

  private boolean lexVariable() {
    pos++; // the $
    while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
      pos++;
    }
    if (!atTerminator()) {
      return error("bad character " + GoFormat.unicodeName(input.codePointAt(pos)));
    }
    emit(Kind.VARIABLE, start, pos);
    return true;
  }

  private boolean lexQuote() {
    pos++;
    while (true) {
      if (pos >= input.length() || input.charAt(pos) == '\n') {
        return error("unterminated quoted string");
      }
      char c = input.charAt(pos++);
      if (c == '\\') {
        if (pos >= input.length() || input.charAt(pos) == '\n') {
          return error("unterminated quoted string");
        }
        pos++;
      } else if (c == '"') {
        break;
      }
    }
    emit(Kind.STRING, start, pos);
    return true;
  }

  private boolean lexRawQuote() {
    int end = input.indexOf('`', pos + 1);
    if (end < 0) {
      return error("unterminated raw quoted string");
    }
    pos = end + 1;
    emit(Kind.RAW_STRING, start, pos);
    return true;
  }

  private boolean lexChar() {
    pos++;
    while (true) {
      if (pos >= input.length() || input.charAt(pos) == '\n') {
        return error("unterminated character constant");
      }
      char c = input.charAt(pos++);
      if (c == '\\') {
        if (pos >= input.length() || input.charAt(pos) == '\n') {
          return error("unterminated character constant");
        }
        pos++;
      } else if (c == '\'') {
        break;
      }
    }
    emit(Kind.CHAR, start, pos);
    return true;
  }

  /** Go's scanNumber: sign, base prefix, digits with underscores, fraction, exponent, imaginary. */
  private boolean lexNumber() {
    if (peek(0) == '+' || peek(0) == '-') {
      pos++;
    }
    String digits = "0123456789_";
    if (peek(0) == '0' && "xXoObB".indexOf(peek(1)) >= 0 && peek(1) != '\0') {
      char b = Character.toLowerCase(peek(1));
      pos += 2;
      digits = b == 'x' ? "0123456789abcdefABCDEF_" : b == 'o' ? "01234567_" : "01_";
    }
    acceptRun(digits);
    if (peek(0) == '.') {
      pos++;
      acceptRun(digits);
    }
    boolean hex = digits.length() > 16;
    char e = peek(0);
    if ((!hex && (e == 'e' || e == 'E')) || (hex && (e == 'p' || e == 'P'))) {
      pos++;
      if (peek(0) == '+' || peek(0) == '-') {
        pos++;
      }
      acceptRun("0123456789_");
    }
    if (peek(0) == 'i') {
      pos++;
    }
    if (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
      pos++;
      return error("bad number syntax: \"" + input.substring(start, pos) + "\"");
    }
    emit(Kind.NUMBER, start, pos);
    return true;
  }

  private void acceptRun(String valid) {
    while (pos < input.length() && valid.indexOf(input.charAt(pos)) >= 0) {
      pos++;
    }
  }
}
