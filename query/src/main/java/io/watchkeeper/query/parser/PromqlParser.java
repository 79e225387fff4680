package io.watchkeeper.query.parser;

import io.watchkeeper.model.GoFloat;
import io.watchkeeper.model.PromDuration;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.query.ParseException;
import io.watchkeeper.query.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The PromQL parser: a hand-written recursive-descent parser with precedence climbing for binary
 * operators, accepting the grammar of Prometheus 3.x (and so 2.x) with every feature flag on:
 * experimental functions, duration expressions ({@code foo[5m+step()]}), {@code anchored} and
 * {@code smoothed} selectors and binary {@code fill} modifiers. Errors read as Prometheus' do.
 *
 * <p>Like Prometheus, it reports syntax errors first and type errors (checked on the finished
 * tree by {@link AstChecker}) after. Nesting deeper than {@link #MAX_DEPTH} is rejected, so no
 * input can exhaust the stack here or in the evaluator's recursion. Thread-safe: each call uses
 * its own state.
 */
public final class PromqlParser {
  /** The deepest expression tree accepted (nested parentheses, calls, operator chains...). */
  public static final int MAX_DEPTH = 500;

  /** Recursion guard while parsing: a parenthesis costs two levels, a tree level one. */
  private static final int MAX_RECURSION = 2 * MAX_DEPTH + 2;

  private static final double MAX_DURATION_SECONDS = 9.223372036854776E9; // int64 nanoseconds

  private final String input;
  private final List<Token> tokens;
  private final Map<BinaryExpr, BinaryModifiers> binaryModifiers = new IdentityHashMap<>();
  /** Tree depth of each composite node built so far; leaves count 1. */
  private final Map<Expr, Integer> depths = new IdentityHashMap<>();
  private int index;
  private int depth;
  private int lastClosing;

  private PromqlParser(String input) {
    this.input = input;
    this.tokens = Lexer.lex(input);
  }

  /**
   * Parses and type-checks a PromQL expression.
   *
   * @throws ParseException with Prometheus' message and the position of the first error
   */
  public static Expr parseExpr(String input) throws ParseException {
    PromqlParser p = new PromqlParser(input);
    try {
      Expr e = p.parseWhole();
      new AstChecker(input, p.binaryModifiers).check(e);
      return e;
    } catch (ParseFailure f) {
      throw f.toParseException(input);
    }
  }

  /**
   * Parses a series selector such as the HTTP API's {@code match[]}: {@code up}, {@code
   * {job="api"}}, {@code http_requests_total{code=~"5.."}}. The metric name, if written outside
   * the braces, is the last matcher. Unlike {@link #parseExpr} an empty selector is accepted: the
   * caller decides whether that is allowed.
   *
   * @throws ParseException if the text is not a single selector
   */
  public static List<Matcher> parseMetricSelector(String input) throws ParseException {
    PromqlParser p = new PromqlParser(input);
    try {
      Token t = p.cur();
      VectorSelector vs;
      if (t.type() == TokenType.LEFT_BRACE) {
        vs = p.parseVectorSelector(null);
      } else if (isMetricIdentifier(t.type())) {
        p.advance();
        vs = p.parseVectorSelector(t);
      } else {
        throw p.unexpected("", "");
      }
      if (p.cur().type() != TokenType.EOF) {
        throw p.unexpected("", "");
      }
      return vs.matchers();
    } catch (ParseFailure f) {
      throw f.toParseException(input);
    }
  }

  /**
   * Parses a Prometheus duration ({@code 1h30m}, {@code 5m}, {@code 1d}, {@code 1w}, {@code 1y},
   * {@code 100ms}). The HTTP API's other form, a float number of seconds, is the caller's.
   *
   * @throws ParseException if the text is not a duration
   */
  public static Duration parseDuration(String input) throws ParseException {
    try {
      return Duration.ofMillis(PromDuration.parseMillis(input));
    } catch (IllegalArgumentException e) {
      throw new ParseException(1, 1, 0, e.getMessage() == null ? "invalid duration" : e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Token access.

  private Token cur() {
    Token t = tokens.get(index);
    if (t.type() == TokenType.ERROR) {
      throw new ParseFailure(t.start(), t.text());
    }
    return t;
  }

  /** The token after the current one, or EOF; a lexical error there is reported now. */
  private Token peek() {
    if (index + 1 >= tokens.size()) {
      return tokens.get(tokens.size() - 1);
    }
    Token t = tokens.get(index + 1);
    if (t.type() == TokenType.ERROR) {
      throw new ParseFailure(t.start(), t.text());
    }
    return t;
  }

  private Token advance() {
    Token t = cur();
    switch (t.type()) {
      case RIGHT_PAREN, RIGHT_BRACE, RIGHT_BRACKET, NUMBER, DURATION -> lastClosing = t.end();
      default -> {
        // not a closing token
      }
    }
    if (t.type() != TokenType.EOF) {
      index++;
    }
    return t;
  }

  private boolean at(TokenType type) {
    return cur().type() == type;
  }

  private Token expect(TokenType type, String context, String expected) {
    if (!at(type)) {
      throw unexpected(context, expected);
    }
    return advance();
  }

  /** Prometheus' {@code unexpected <token>[ in <context>][, expected <expected>]}. */
  private ParseFailure unexpected(String context, String expected) {
    Token t = cur();
    StringBuilder sb = new StringBuilder("unexpected ").append(t.describe());
    if (!context.isEmpty()) {
      sb.append(" in ").append(context);
    }
    if (!expected.isEmpty()) {
      sb.append(", expected ").append(expected);
    }
    return new ParseFailure(t.start(), sb.toString());
  }

  private void enter() {
    if (++depth > MAX_RECURSION) {
      throw new ParseFailure(cur().start(), "expression too deeply nested");
    }
  }

  private void leave() {
    depth--;
  }

  /**
   * Records the depth of a new composite node and rejects it beyond {@link #MAX_DEPTH}. Operator
   * chains such as {@code a + a + ...} are built in a loop, not by recursion, so this is what keeps
   * recursive walks of the tree (including {@link Expr#type()}) within the limit.
   */
  private <T extends Expr> T tracked(T e) {
    int d = 1;
    for (Expr c : AstChecker.children(e)) {
      d = Math.max(d, 1 + depths.getOrDefault(c, 1));
    }
    if (d > MAX_DEPTH) {
      throw new ParseFailure(e.position().start(), "expression too deeply nested");
    }
    depths.put(e, d);
    return e;
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions.

  private Expr parseWhole() {
    if (at(TokenType.EOF)) {
      throw new ParseFailure(0, "no expression found in input");
    }
    Expr e = parseBinary(1);
    if (!at(TokenType.EOF)) {
      throw unexpected("", "");
    }
    return e;
  }

  /** Precedence climbing: parses operators binding at least as tightly as {@code minPrecedence}. */
  private Expr parseBinary(int minPrecedence) {
    enter();
    Expr lhs = parseUnary();
    while (true) {
      BinaryOp op = binaryOp(cur().type());
      if (op == null || op.precedence() < minPrecedence) {
        break;
      }
      advance();
      BinaryModifiers mods = parseBinaryModifiers();
      Expr rhs = parseBinary(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
      lhs = newBinary(lhs, op, mods, rhs);
    }
    leave();
    return lhs;
  }

  private static @Nullable BinaryOp binaryOp(TokenType t) {
    return switch (t) {
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case POW -> BinaryOp.POW;
      case ATAN2 -> BinaryOp.ATAN2;
      case EQLC -> BinaryOp.EQL;
      case NEQ -> BinaryOp.NEQ;
      case GTR -> BinaryOp.GTR;
      case LSS -> BinaryOp.LSS;
      case GTE -> BinaryOp.GTE;
      case LTE -> BinaryOp.LTE;
      case LAND -> BinaryOp.AND;
      case LOR -> BinaryOp.OR;
      case LUNLESS -> BinaryOp.UNLESS;
      case TRIM_UPPER -> BinaryOp.TRIM_UPPER;
      case TRIM_LOWER -> BinaryOp.TRIM_LOWER;
      default -> null;
    };
  }

  private Expr newBinary(Expr lhs, BinaryOp op, BinaryModifiers mods, Expr rhs) {
    Optional<VectorMatching> matching = Optional.empty();
    if (lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR) {
      VectorMatching.Cardinality card = mods.cardinality;
      if (op.isSetOperator() && card == VectorMatching.Cardinality.ONE_TO_ONE) {
        card = VectorMatching.Cardinality.MANY_TO_MANY;
      }
      matching = Optional.of(new VectorMatching(card, mods.matchingLabels, mods.on, mods.include));
    }
    PositionRange pos = new PositionRange(lhs.position().start(), rhs.position().end());
    BinaryExpr b = tracked(new BinaryExpr(op, lhs, rhs, matching, mods.returnBool, pos));
    binaryModifiers.put(b, mods);
    if (mods.lhsFill.isPresent() || mods.rhsFill.isPresent()) {
      return tracked(new FillExpr(b, mods.lhsFill, mods.rhsFill, pos));
    }
    return b;
  }

  /** {@code [bool] [on|ignoring (labels) [group_left|group_right [(labels)]]] [fill...]}. */
  private BinaryModifiers parseBinaryModifiers() {
    BinaryModifiers m = new BinaryModifiers();
    if (at(TokenType.BOOL)) {
      advance();
      m.returnBool = true;
    }
    if (at(TokenType.ON) || at(TokenType.IGNORING)) {
      m.on = advance().type() == TokenType.ON;
      m.matchingLabels = parseGroupingLabels();
      m.explicitMatching = true;
      if (at(TokenType.GROUP_LEFT) || at(TokenType.GROUP_RIGHT)) {
        m.cardinality =
            advance().type() == TokenType.GROUP_LEFT
                ? VectorMatching.Cardinality.MANY_TO_ONE
                : VectorMatching.Cardinality.ONE_TO_MANY;
        if (at(TokenType.LEFT_PAREN)) {
          m.include = parseGroupingLabels();
        }
      }
    }
    parseFillModifiers(m);
    return m;
  }

  private void parseFillModifiers(BinaryModifiers m) {
    while (at(TokenType.IDENTIFIER) && peek().type() == TokenType.LEFT_PAREN) {
      String word = cur().text().toLowerCase(Locale.ROOT);
      boolean left = word.equals("fill") || word.equals("fill_left");
      boolean right = word.equals("fill") || word.equals("fill_right");
      if (!left && !right) {
        return;
      }
      Token modifier = advance();
      advance(); // (
      double value = parseSignedNumber("fill modifier", "number");
      expect(TokenType.RIGHT_PAREN, "fill modifier", "\")\"");
      if ((left && m.lhsFill.isPresent()) || (right && m.rhsFill.isPresent())) {
        throw new ParseFailure(modifier.start(), "fill value may not be set multiple times");
      }
      if (left) {
        m.lhsFill = OptionalDouble.of(value);
      }
      if (right) {
        m.rhsFill = OptionalDouble.of(value);
      }
    }
  }

  /** {@code [+|-] number|duration} in seconds, for fill values and {@code @} timestamps. */
  private double parseSignedNumber(String context, String expected) {
    double sign = 1;
    if (at(TokenType.ADD) || at(TokenType.SUB)) {
      TokenType next = peek().type();
      if (next != TokenType.NUMBER && next != TokenType.DURATION) {
        advance();
        throw unexpected(context, expected);
      }
      sign = advance().type() == TokenType.SUB ? -1 : 1;
    }
    if (!at(TokenType.NUMBER) && !at(TokenType.DURATION)) {
      throw unexpected(context, expected);
    }
    return sign * literalValue(advance());
  }

  /** A unary operator binds like {@code *}: its operand absorbs only {@code ^}. */
  private Expr parseUnary() {
    if (!at(TokenType.ADD) && !at(TokenType.SUB)) {
      return parsePostfix(parsePrimary());
    }
    Token op = advance();
    enter();
    Expr operand = parseBinary(BinaryOp.POW.precedence());
    leave();
    boolean negate = op.type() == TokenType.SUB;
    PositionRange pos = new PositionRange(op.start(), operand.position().end());
    if (operand instanceof NumberLiteral n) {
      return new NumberLiteral(negate ? -n.value() : n.value(), pos);
    }
    return tracked(new UnaryExpr(negate, operand, pos));
  }

  private Expr parsePrimary() {
    Token t = cur();
    return switch (t.type()) {
      case NUMBER, DURATION -> {
        advance();
        yield new NumberLiteral(literalValue(t), t.range());
      }
      case STRING -> {
        advance();
        yield new StringLiteral(GoStrings.unquote(t.text()), t.range());
      }
      case LEFT_PAREN -> parseParen();
      case LEFT_BRACE -> parseVectorSelector(null);
      case AGGREGATOR -> {
        TokenType next = peek().type();
        if (next == TokenType.LEFT_PAREN || next == TokenType.BY || next == TokenType.WITHOUT) {
          yield parseAggregate();
        }
        advance();
        yield parseVectorSelector(t);
      }
      case IDENTIFIER, START, END, STEP, RANGE -> {
        if (peek().type() == TokenType.LEFT_PAREN) {
          yield parseCall();
        }
        advance();
        yield parseVectorSelector(t);
      }
      default -> {
        if (isMetricIdentifier(t.type())) {
          advance();
          yield parseVectorSelector(t);
        }
        throw unexpected("", "");
      }
    };
  }

  /** Tokens that can name a metric: identifiers and most keywords ({@code metric_identifier}). */
  private static boolean isMetricIdentifier(TokenType t) {
    return switch (t) {
      case IDENTIFIER, METRIC_IDENTIFIER, AGGREGATOR, BY, WITHOUT, OFFSET, LAND, LOR, LUNLESS, START, END, STEP,
          RANGE, ANCHORED, SMOOTHED -> true;
      default -> false;
    };
  }

  private Expr parseParen() {
    Token open = advance();
    enter();
    Expr e = parseBinary(1);
    leave();
    if (!at(TokenType.RIGHT_PAREN)) {
      throw unexpected("", "");
    }
    Token close = advance();
    return tracked(new ParenExpr(e, new PositionRange(open.start(), close.end())));
  }

  private Expr parseCall() {
    Token name = advance();
    List<Expr> args = parseCallBody();
    // start, end, step and range are keywords, so case-insensitive, like Prometheus' STEP token.
    String fnName = name.type() == TokenType.IDENTIFIER ? name.text() : name.text().toLowerCase(Locale.ROOT);
    Function fn =
        Functions.lookup(fnName)
            .orElseThrow(
                () -> new ParseFailure(name.start(), "unknown function with name " + GoStrings.quote(name.text())));
    return tracked(new Call(fn, args, new PositionRange(name.start(), lastClosing)));
  }

  /** {@code ( [expr {, expr}] )}; the caller has checked that a parenthesis follows. */
  private List<Expr> parseCallBody() {
    advance(); // (
    List<Expr> args = new ArrayList<>();
    if (at(TokenType.RIGHT_PAREN)) {
      advance();
      return args;
    }
    enter();
    while (true) {
      args.add(parseBinary(1));
      if (at(TokenType.RIGHT_PAREN)) {
        advance();
        break;
      }
      if (!at(TokenType.COMMA)) {
        throw unexpected("", "");
      }
      Token comma = advance();
      if (at(TokenType.RIGHT_PAREN)) {
        throw new ParseFailure(comma.start(), "trailing commas not allowed in function call args");
      }
    }
    leave();
    return args;
  }

  private Expr parseAggregate() {
    Token op = advance();
    List<String> grouping = List.of();
    boolean without = false;
    boolean modifierSeen = false;
    if (at(TokenType.BY) || at(TokenType.WITHOUT)) {
      without = advance().type() == TokenType.WITHOUT;
      grouping = parseGroupingLabels();
      modifierSeen = true;
    }
    if (!at(TokenType.LEFT_PAREN)) {
      throw unexpected("aggregation", "");
    }
    List<Expr> args = parseCallBody();
    if (!modifierSeen && (at(TokenType.BY) || at(TokenType.WITHOUT))) {
      without = advance().type() == TokenType.WITHOUT;
      grouping = parseGroupingLabels();
    }
    AggregateOp aggregateOp = AggregateOp.valueOf(op.text().toUpperCase(Locale.ROOT));
    PositionRange pos = new PositionRange(op.start(), lastClosing);
    if (args.isEmpty()) {
      throw new ParseFailure(pos.start(), "no arguments for aggregate expression provided");
    }
    int desired = aggregateOp.takesParameter() ? 2 : 1;
    if (args.size() != desired) {
      throw new ParseFailure(
          pos.start(),
          "wrong number of arguments for aggregate expression provided, expected "
              + desired
              + ", got "
              + args.size());
    }
    Optional<Expr> param = desired == 2 ? Optional.of(args.get(0)) : Optional.empty();
    return tracked(new AggregateExpr(aggregateOp, args.get(desired - 1), param, grouping, without, pos));
  }

  /** {@code ( label {, label} [,] )}; labels are words or quoted UTF-8 names. */
  private List<String> parseGroupingLabels() {
    if (!at(TokenType.LEFT_PAREN)) {
      throw unexpected("grouping opts", "\"(\"");
    }
    advance();
    List<String> labels = new ArrayList<>();
    while (!at(TokenType.RIGHT_PAREN)) {
      Token t = cur();
      if (t.type() == TokenType.STRING) {
        String name = GoStrings.unquote(t.text());
        if (!isValidUtf8LabelName(name)) {
          throw new ParseFailure(t.start(), "invalid label name for grouping: " + GoStrings.quote(name));
        }
        labels.add(name);
      } else if (isLabelWord(t.type())) {
        labels.add(t.text());
      } else {
        throw unexpected("grouping opts", "label");
      }
      advance();
      if (at(TokenType.COMMA)) {
        advance();
      } else if (!at(TokenType.RIGHT_PAREN)) {
        throw unexpected("grouping opts", "\",\" or \")\"");
      }
    }
    advance();
    return labels;
  }

  /** Words usable as label names in grouping lists: identifiers and keywords. */
  private static boolean isLabelWord(TokenType t) {
    return isMetricIdentifier(t)
        || switch (t) {
          case ON, IGNORING, GROUP_LEFT, GROUP_RIGHT, BOOL, ATAN2 -> true;
          default -> false;
        };
  }

  /** Prometheus 3's UTF-8 label names: non-empty and valid UTF-8. */
  static boolean isValidUtf8LabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Selectors.

  /** {@code name}, {@code name{matchers}} or {@code {matchers}}; {@code name} was consumed. */
  private VectorSelector parseVectorSelector(@Nullable Token name) {
    List<Matcher> matchers = new ArrayList<>();
    int start = name != null ? name.start() : cur().start();
    int end = name != null ? name.end() : start;
    if (at(TokenType.LEFT_BRACE)) {
      end = parseLabelMatchers(matchers);
    }
    String metricName = "";
    if (name != null) {
      metricName = name.text();
      matchers.add(Matcher.metricName(metricName));
    }
    return new VectorSelector(metricName, matchers, 0, AtModifier.NONE, new PositionRange(start, end));
  }

  /** Parses {@code {...}} into {@code out}; returns the end of the closing brace. */
  private int parseLabelMatchers(List<Matcher> out) {
    advance(); // {
    while (!at(TokenType.RIGHT_BRACE)) {
      Token label = cur();
      if (label.type() == TokenType.IDENTIFIER) {
        advance();
        out.add(parseMatcherRest(label, label.text()));
      } else if (label.type() == TokenType.STRING) {
        advance();
        String name = GoStrings.unquote(label.text());
        if (isMatchOp(cur().type())) {
          out.add(parseMatcherRest(label, name));
        } else {
          out.add(Matcher.metricName(name));
        }
      } else {
        throw unexpected("label matching", "identifier or \"}\"");
      }
      if (at(TokenType.COMMA)) {
        advance();
      } else if (!at(TokenType.RIGHT_BRACE)) {
        throw unexpected("label matching", "\",\" or \"}\"");
      }
    }
    return advance().end();
  }

  private static boolean isMatchOp(TokenType t) {
    return t == TokenType.EQL || t == TokenType.NEQ || t == TokenType.EQL_REGEX || t == TokenType.NEQ_REGEX;
  }

  private Matcher parseMatcherRest(Token label, String name) {
    Token op = cur();
    if (!isMatchOp(op.type())) {
      throw unexpected("label matching", "label matching operator");
    }
    advance();
    if (!at(TokenType.STRING)) {
      throw unexpected("label matching", "string");
    }
    Token value = advance();
    MatchType type =
        switch (op.type()) {
          case EQL -> MatchType.EQUAL;
          case NEQ -> MatchType.NOT_EQUAL;
          case EQL_REGEX -> MatchType.REGEX;
          default -> MatchType.NOT_REGEX;
        };
    String v = GoStrings.unquote(value.text());
    if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
      String problem = regexProblem(v);
      if (problem != null) {
        throw new ParseFailure(label.start(), "error parsing regexp: " + problem);
      }
    }
    try {
      return Matcher.of(type, name, v);
    } catch (PatternSyntaxException e) {
      throw new ParseFailure(label.start(), "error parsing regexp: " + e.getDescription() + ": `" + v + "`");
    }
  }

  /**
   * Rejects regular expressions nested deeper than RE2 allows (1000), which would also overflow
   * the stack of Java's recursive regex compiler.
   */
  private static @Nullable String regexProblem(String regex) {
    int level = 0;
    int max = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '(') {
        max = Math.max(max, ++level);
      } else if (c == ')') {
        level--;
      }
    }
    return max > 1000 ? "expression nests too deeply" : null;
  }

  // ---------------------------------------------------------------------------------------------
  // Postfix modifiers: ranges, subqueries, offset, @, anchored, smoothed. They bind tightest.

  private Expr parsePostfix(Expr e) {
    int nested = 0;
    while (true) {
      switch (cur().type()) {
        case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
        case OFFSET -> e = parseOffset(e);
        case AT -> e = parseAt(e);
        case ANCHORED -> e = setExtended(e, ExtendedSelector.Mode.ANCHORED, advance());
        case SMOOTHED -> e = setExtended(e, ExtendedSelector.Mode.SMOOTHED, advance());
        default -> {
          depth -= nested;
          return e;
        }
      }
      nested++;
      enter();
    }
  }

  private Expr parseRangeOrSubquery(Expr e) {
    Token open = advance();
    if (at(TokenType.RIGHT_BRACKET) || !startsDuration(cur().type())) {
      throw unexpected("subquery or range selector", "number, duration, step(), or range()");
    }
    Expr range = parsePositiveDuration();
    if (at(TokenType.RIGHT_BRACKET)) {
      Token close = advance();
      return newMatrixSelector(e, range, open, close);
    }
    if (!at(TokenType.COLON)) {
      throw unexpected("subquery or range", "\":\" or \"]\"");
    }
    advance();
    @Nullable Expr step = null;
    if (!at(TokenType.RIGHT_BRACKET)) {
      if (!startsDuration(cur().type())) {
        throw unexpected("subquery selector", "number, duration, step(), range(), or \"]\"");
      }
      step = parsePositiveDuration();
      if (!at(TokenType.RIGHT_BRACKET)) {
        throw unexpected("subquery selector", "\"]\"");
      }
    }
    Token close = advance();
    Parts p = new Parts();
    p.base =
        new SubqueryExpr(
            e,
            durationMillis(range),
            step == null ? 0 : durationMillis(step),
            0,
            AtModifier.NONE,
            new PositionRange(e.position().start(), close.end()));
    p.range = range instanceof DurationExpr d ? d : null;
    p.step = step instanceof DurationExpr d ? d : null;
    return p.build(this::tracked);
  }

  private Expr newMatrixSelector(Expr e, Expr range, Token open, Token close) {
    Parts p = Parts.of(e);
    @Nullable String problem = null;
    if (p == null || !(p.base instanceof VectorSelector)) {
      problem = "ranges only allowed for vector selectors";
    } else if (((VectorSelector) p.base).offsetMillis() != 0 || p.offset != null) {
      problem = "no offset modifiers allowed before range";
    } else if (((VectorSelector) p.base).at().isPresent()) {
      problem = "no @ modifiers allowed before range";
    }
    if (problem != null || p == null) {
      throw new ParseFailure(open.start(), problem);
    }
    VectorSelector vs = (VectorSelector) p.base;
    p.base = new MatrixSelector(vs, durationMillis(range), new PositionRange(vs.position().start(), close.end()));
    p.range = range instanceof DurationExpr d ? d : null;
    return p.build(this::tracked);
  }

  private static boolean startsDuration(TokenType t) {
    return switch (t) {
      case NUMBER, DURATION, ADD, SUB, LEFT_PAREN, STEP, RANGE, IDENTIFIER -> true;
      default -> false;
    };
  }

  /** A range or step: a duration expression whose literal value must be positive. */
  private Expr parsePositiveDuration() {
    Expr d = parseDurationExpr(1);
    if (d instanceof NumberLiteral n && (n.value() <= 0 || durationMillis(n) <= 0)) {
      throw new ParseFailure(n.position().start(), "duration must be greater than 0");
    }
    return d;
  }

  /** Milliseconds of a literal duration in seconds; 0 for an expression resolved later. */
  private static long durationMillis(Expr e) {
    if (e instanceof NumberLiteral n) {
      return DurationResolver.toMillis(n.value());
    }
    return 0;
  }

  /** {@code duration_expr}: + - * / % ^ over numbers, durations, step(), range(), min_of, max_of. */
  private Expr parseDurationExpr(int minPrecedence) {
    enter();
    Expr lhs = parseDurationUnary();
    while (true) {
      DurationExpr.Op op = durationOp(cur().type());
      int prec = op == null ? -1 : durationPrecedence(op);
      if (op == null || prec < minPrecedence) {
        break;
      }
      Token opToken = advance();
      Expr rhs = parseDurationExpr(op == DurationExpr.Op.POW ? prec : prec + 1);
      if ((op == DurationExpr.Op.DIV || op == DurationExpr.Op.MOD) && rhs instanceof NumberLiteral n && n.value() == 0) {
        throw new ParseFailure(opToken.start(), op == DurationExpr.Op.DIV ? "division by zero" : "modulo by zero");
      }
      lhs =
          tracked(
              new DurationExpr(
                  op,
                  Optional.of(lhs),
                  Optional.of(rhs),
                  false,
                  new PositionRange(lhs.position().start(), rhs.position().end())));
    }
    leave();
    return lhs;
  }

  private static DurationExpr.@Nullable Op durationOp(TokenType t) {
    return switch (t) {
      case ADD -> DurationExpr.Op.ADD;
      case SUB -> DurationExpr.Op.SUB;
      case MUL -> DurationExpr.Op.MUL;
      case DIV -> DurationExpr.Op.DIV;
      case MOD -> DurationExpr.Op.MOD;
      case POW -> DurationExpr.Op.POW;
      default -> null;
    };
  }

  private static int durationPrecedence(DurationExpr.Op op) {
    return switch (op) {
      case ADD, SUB -> BinaryOp.ADD.precedence();
      case POW -> BinaryOp.POW.precedence();
      default -> BinaryOp.MUL.precedence();
    };
  }

  private Expr parseDurationUnary() {
    if (!at(TokenType.ADD) && !at(TokenType.SUB)) {
      return parseDurationPrimary();
    }
    Token op = advance();
    Expr operand = parseDurationExpr(BinaryOp.POW.precedence());
    return applyDurationSign(op, operand);
  }

  private Expr applyDurationSign(Token op, Expr operand) {
    boolean negate = op.type() == TokenType.SUB;
    PositionRange pos = new PositionRange(op.start(), operand.position().end());
    if (operand instanceof NumberLiteral n) {
      return checkedDuration(new NumberLiteral(negate ? -n.value() : n.value(), pos), op.start());
    }
    if (negate) {
      return tracked(new DurationExpr(DurationExpr.Op.SUB, Optional.empty(), Optional.of(operand), false, pos));
    }
    return operand;
  }

  private Expr parseDurationPrimary() {
    Token t = cur();
    switch (t.type()) {
      case NUMBER, DURATION -> {
        advance();
        return checkedDuration(new NumberLiteral(literalValue(t), t.range()), t.start());
      }
      case LEFT_PAREN -> {
        advance();
        enter();
        Expr inner = parseDurationExpr(1);
        leave();
        if (!at(TokenType.RIGHT_PAREN)) {
          throw unexpected("duration expression", "\")\"");
        }
        advance();
        if (inner instanceof DurationExpr d) {
          return tracked(new DurationExpr(d.op(), d.lhs(), d.rhs(), true, d.position()));
        }
        return inner;
      }
      default -> {
        Expr fn = parseDurationFunction();
        if (fn == null) {
          throw unexpected("duration expression", "number, duration, step(), or range()");
        }
        return fn;
      }
    }
  }

  /** {@code step()}, {@code range()}, {@code min_of(a, b)} or {@code max_of(a, b)}; null if none. */
  private @Nullable Expr parseDurationFunction() {
    Token t = cur();
    if (t.type() == TokenType.STEP || t.type() == TokenType.RANGE) {
      if (peek().type() != TokenType.LEFT_PAREN) {
        return null;
      }
      advance();
      advance();
      Token close = expect(TokenType.RIGHT_PAREN, "duration expression", "\")\"");
      DurationExpr.Op op = t.type() == TokenType.STEP ? DurationExpr.Op.STEP : DurationExpr.Op.RANGE;
      return new DurationExpr(op, Optional.empty(), Optional.empty(), false, new PositionRange(t.start(), close.end()));
    }
    if (t.type() != TokenType.IDENTIFIER || peek().type() != TokenType.LEFT_PAREN) {
      return null;
    }
    String word = t.text().toLowerCase(Locale.ROOT);
    DurationExpr.@Nullable Op op =
        word.equals("min_of") ? DurationExpr.Op.MIN_OF : word.equals("max_of") ? DurationExpr.Op.MAX_OF : null;
    if (op == null) {
      return null;
    }
    advance();
    advance();
    enter();
    Expr a = parseDurationExpr(1);
    expect(TokenType.COMMA, "duration expression", "\",\"");
    Expr b = parseDurationExpr(1);
    leave();
    Token close = expect(TokenType.RIGHT_PAREN, "duration expression", "\")\"");
    return tracked(
        new DurationExpr(op, Optional.of(a), Optional.of(b), false, new PositionRange(t.start(), close.end())));
  }

  private NumberLiteral checkedDuration(NumberLiteral n, int errorOffset) {
    if (n.value() > MAX_DURATION_SECONDS || n.value() < -MAX_DURATION_SECONDS) {
      throw new ParseFailure(errorOffset, "duration out of range");
    }
    return n;
  }

  /**
   * The offset's value. A bare literal, {@code step()}, {@code range()} or {@code min_of/max_of}
   * call, optionally signed, ends the offset, so {@code foo offset 5m * 2} multiplies the
   * selector; a parenthesised expression may continue with operators, as in Prometheus' grammar.
   */
  private Expr parseOffsetDuration() {
    Token t = cur();
    TokenType type = t.type();
    @Nullable Token sign = null;
    if (type == TokenType.ADD || type == TokenType.SUB) {
      sign = t;
      TokenType next = peek().type();
      if (next == TokenType.LEFT_PAREN) {
        advance();
        Expr inner = parseDurationPrimary();
        return applyDurationSign(sign, inner);
      }
      advance();
      type = cur().type();
    }
    @Nullable Expr value;
    if (type == TokenType.NUMBER || type == TokenType.DURATION) {
      Token lit = advance();
      value = checkedDuration(new NumberLiteral(literalValue(lit), lit.range()), lit.start());
    } else if (type == TokenType.LEFT_PAREN && sign == null) {
      Expr d = parseDurationExpr(1);
      // "foo offset (5) + 3" offsets by 8s; keep the parentheses so that printing round-trips.
      if (d instanceof DurationExpr de && !de.wrapped() && de.lhs().isPresent()) {
        return tracked(new DurationExpr(de.op(), de.lhs(), de.rhs(), true, de.position()));
      }
      return d;
    } else {
      value = parseDurationFunction();
      if (value == null) {
        throw unexpected("offset", "number, duration, step(), or range()");
      }
    }
    if (sign == null) {
      return value;
    }
    if (value instanceof NumberLiteral n) {
      return applyDurationSign(sign, n);
    }
    DurationExpr.Op op = sign.type() == TokenType.SUB ? DurationExpr.Op.SUB : DurationExpr.Op.ADD;
    return tracked(
        new DurationExpr(
            op, Optional.empty(), Optional.of(value), false, new PositionRange(sign.start(), value.position().end())));
  }

  private Expr parseOffset(Expr e) {
    advance(); // offset
    Expr value = parseOffsetDuration();
    Parts p = Parts.of(e);
    if (p == null) {
      throw new ParseFailure(
          e.position().start(),
          "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
    if (p.offsetMillis() != 0 || p.offset != null) {
      throw new ParseFailure(e.position().start(), "offset may not be set multiple times");
    }
    if (value instanceof DurationExpr d) {
      p.offset = d;
    } else {
      p.setOffsetMillis(DurationResolver.toMillis(((NumberLiteral) value).value()));
    }
    p.end = lastClosing;
    return p.build(this::tracked);
  }

  private Expr parseAt(Expr e) {
    advance(); // @
    AtModifier at;
    if ((at(TokenType.START) || at(TokenType.END)) && peek().type() == TokenType.LEFT_PAREN) {
      boolean start = advance().type() == TokenType.START;
      advance();
      expect(TokenType.RIGHT_PAREN, "@", "timestamp");
      at = start ? AtModifier.START : AtModifier.END;
    } else {
      double ts = parseSignedNumber("@", "timestamp");
      if (Double.isInfinite(ts) || Double.isNaN(ts) || ts >= 9.223372036854776E18 || ts <= -9.223372036854776E18) {
        throw new ParseFailure(
            e.position().start(), "timestamp out of bounds for @ modifier: " + GoFloat.fixed6(ts));
      }
      at = AtModifier.at(Math.round(ts * 1000));
    }
    Parts p = Parts.of(e);
    if (p == null) {
      throw new ParseFailure(
          e.position().start(),
          "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
    if (p.at().isPresent()) {
      throw new ParseFailure(e.position().start(), "@ <timestamp> may not be set multiple times");
    }
    p.setAt(at);
    p.end = lastClosing;
    return p.build(this::tracked);
  }

  private Expr setExtended(Expr e, ExtendedSelector.Mode mode, Token keyword) {
    Parts p = Parts.of(e);
    if (p == null || p.base instanceof SubqueryExpr) {
      throw new ParseFailure(
          e.position().start(),
          mode.keyword() + " modifier must be preceded by an instant vector selector or range vector selector");
    }
    if (p.mode != null) {
      throw new ParseFailure(
          keyword.start(),
          p.mode == mode
              ? mode.keyword() + " modifier may not be set multiple times"
              : "anchored and smoothed modifiers cannot be used together");
    }
    p.mode = mode;
    p.end = keyword.end();
    return p.build(this::tracked);
  }

  // ---------------------------------------------------------------------------------------------
  // Literals.

  /** A NUMBER's value as Prometheus reads it (Go's ParseInt base 0, then ParseFloat), or a DURATION's seconds. */
  private static double literalValue(Token t) {
    if (t.type() == TokenType.DURATION) {
      try {
        return PromDuration.parseMillis(t.text()) / 1000.0;
      } catch (IllegalArgumentException e) {
        throw new ParseFailure(t.start(), e.getMessage() == null ? "invalid duration" : e.getMessage());
      }
    }
    return parseNumber(t);
  }

  private static double parseNumber(Token t) {
    String s = t.text();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    try {
      if (lower.startsWith("0x")) {
        return Long.parseLong(s.substring(2), 16);
      }
      if (s.length() > 1 && s.charAt(0) == '0' && allDigits(s)) {
        return Long.parseLong(s.substring(1), 8);
      }
      if (allDigits(s)) {
        return Long.parseLong(s);
      }
    } catch (NumberFormatException e) {
      // Go then tries ParseFloat.
    }
    try {
      if (!lower.startsWith("0x")) {
        return Double.parseDouble(s);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ParseFailure(
        t.start(), "error parsing number: strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  /** The modifiers written between a binary operator and its right operand. */
  static final class BinaryModifiers {
    boolean returnBool;
    boolean on;
    boolean explicitMatching;
    List<String> matchingLabels = List.of();
    List<String> include = List.of();
    VectorMatching.Cardinality cardinality = VectorMatching.Cardinality.ONE_TO_ONE;
    OptionalDouble lhsFill = OptionalDouble.empty();
    OptionalDouble rhsFill = OptionalDouble.empty();
  }

  /**
   * A selector or subquery taken apart into its base record and the wrappers around it ({@link
   * DurationParamsExpr}, {@link ExtendedSelector}), so that postfix modifiers can change it.
   */
  private static final class Parts {
    Expr base = new NumberLiteral(0, PositionRange.NONE);
    @Nullable DurationExpr range;
    @Nullable DurationExpr step;
    @Nullable DurationExpr offset;
    ExtendedSelector.@Nullable Mode mode;
    int end = -1;

    static @Nullable Parts of(Expr e) {
      Parts p = new Parts();
      Expr x = e;
      if (x instanceof ExtendedSelector ext) {
        p.mode = ext.mode();
        x = ext.expr();
      }
      if (x instanceof DurationParamsExpr d) {
        p.range = d.range().orElse(null);
        p.step = d.step().orElse(null);
        p.offset = d.offset().orElse(null);
        x = d.expr();
      }
      if (!(x instanceof VectorSelector || x instanceof MatrixSelector || x instanceof SubqueryExpr)) {
        return null;
      }
      p.base = x;
      return p;
    }

    long offsetMillis() {
      return switch (base) {
        case VectorSelector vs -> vs.offsetMillis();
        case MatrixSelector ms -> ms.selector().offsetMillis();
        case SubqueryExpr sq -> sq.offsetMillis();
        default -> throw new IllegalStateException("BUG: not a selector: " + base);
      };
    }

    AtModifier at() {
      return switch (base) {
        case VectorSelector vs -> vs.at();
        case MatrixSelector ms -> ms.selector().at();
        case SubqueryExpr sq -> sq.at();
        default -> throw new IllegalStateException("BUG: not a selector: " + base);
      };
    }

    void setOffsetMillis(long offset) {
      base = withSelectorFields(offset, at());
    }

    void setAt(AtModifier at) {
      base = withSelectorFields(offsetMillis(), at);
    }

    private Expr withSelectorFields(long offset, AtModifier at) {
      return switch (base) {
        case VectorSelector vs -> new VectorSelector(vs.name(), vs.matchers(), offset, at, vs.position());
        case MatrixSelector ms -> {
          VectorSelector vs = ms.selector();
          yield new MatrixSelector(
              new VectorSelector(vs.name(), vs.matchers(), offset, at, vs.position()), ms.rangeMillis(), ms.position());
        }
        case SubqueryExpr sq -> new SubqueryExpr(sq.expr(), sq.rangeMillis(), sq.stepMillis(), offset, at, sq.position());
        default -> throw new IllegalStateException("BUG: not a selector: " + base);
      };
    }

    /** The expression with its wrappers; {@code tracker} records each node's depth. */
    Expr build(UnaryOperator<Expr> tracker) {
      Expr e = tracker.apply(end < 0 ? base : withEnd(base, end));
      PositionRange pos = e.position();
      if (range != null || step != null || offset != null) {
        e = tracker.apply(new DurationParamsExpr(
            e, Optional.ofNullable(range), Optional.ofNullable(step), Optional.ofNullable(offset), pos));
      }
      if (mode != null) {
        e = tracker.apply(new ExtendedSelector(e, mode, new PositionRange(pos.start(), Math.max(pos.end(), end))));
      }
      return e;
    }

    private static Expr withEnd(Expr e, int end) {
      return switch (e) {
        case VectorSelector vs -> new VectorSelector(
            vs.name(), vs.matchers(), vs.offsetMillis(), vs.at(), new PositionRange(vs.position().start(), end));
        case MatrixSelector ms -> new MatrixSelector(
            ms.selector(), ms.rangeMillis(), new PositionRange(ms.position().start(), end));
        case SubqueryExpr sq -> new SubqueryExpr(
            sq.expr(), sq.rangeMillis(), sq.stepMillis(), sq.offsetMillis(), sq.at(),
            new PositionRange(sq.position().start(), end));
        default -> e;
      };
    }
  }
}
