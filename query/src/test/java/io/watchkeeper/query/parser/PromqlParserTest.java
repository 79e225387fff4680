package io.watchkeeper.query.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.query.ParseException;
import io.watchkeeper.query.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven cases modelled on the behaviour Prometheus' parse_test.go pins down. */
class PromqlParserTest {

  static Stream<Arguments> validExpressions() {
    return Stream.of(
        // Numbers in all their forms.
        Arguments.of("1", "1"),
        Arguments.of("0x1F", "31"),
        Arguments.of("0X1f", "31"),
        Arguments.of("0755", "493"),
        Arguments.of("089", "89"),
        Arguments.of("1e3", "1000"),
        Arguments.of("1.5e-3", "0.0015"),
        Arguments.of(".5", "0.5"),
        Arguments.of("5.", "5"),
        Arguments.of("Inf", "+Inf"),
        Arguments.of("-inf", "-Inf"),
        Arguments.of("+iNf", "+Inf"),
        Arguments.of("NaN", "NaN"),
        Arguments.of("nan", "NaN"),
        Arguments.of("5m", "300"),
        Arguments.of("1h30m", "5400"),
        Arguments.of("100ms", "0.1"),
        Arguments.of("- 1", "-1"),
        Arguments.of("-(1)", "-(1)"),
        Arguments.of("- - 1", "1"),
        Arguments.of("1 + -2", "1 + -2"),
        // Strings and their escapes.
        Arguments.of("\"a\\nb\"", "\"a\\nb\""),
        Arguments.of("'single \"q\"'", "\"single \\\"q\\\"\""),
        Arguments.of("`raw\\n`", "\"raw\\\\n\""),
        Arguments.of("\"\\u00e9\\x41\\101\\U0001F600\"", "\"éAA😀\""),
        Arguments.of("\"\\xc3\\xa9\"", "\"é\""),
        Arguments.of("\"a\\xc5z\"", "\"a\\xc5z\""),
        Arguments.of("\"\\a\\b\\f\\r\\t\\v\\\\\"", "\"\\a\\b\\f\\r\\t\\v\\\\\""),
        // Selectors.
        Arguments.of("foo", "foo"),
        Arguments.of("foo:bar:baz_total", "foo:bar:baz_total"),
        Arguments.of("foo{a=\"b\", c!=\"d\", e=~\"f.*\", g!~'h',}", "foo{a=\"b\", c!=\"d\", e=~\"f.*\", g!~\"h\"}"),
        Arguments.of("{a=\"b\"}", "{a=\"b\"}"),
        Arguments.of("{\"my.metric\"}", "{__name__=\"my.metric\"}"),
        Arguments.of("{\"my.metric\", \"my.label\"=\"x\"}", "{__name__=\"my.metric\", \"my.label\"=\"x\"}"),
        Arguments.of("foo{by=\"x\", offset=\"y\"}", "foo{by=\"x\", offset=\"y\"}"),
        Arguments.of("sum", "sum"),
        Arguments.of("by + and", "by + and"),
        Arguments.of("offset offset 5m", "offset offset 5m"),
        Arguments.of("foo offset 5m", "foo offset 5m"),
        Arguments.of("foo offset -1h30m", "foo offset -1h30m"),
        Arguments.of("foo offset 90", "foo offset 1m30s"),
        Arguments.of("foo @ 100", "foo @ 100.000"),
        Arguments.of("foo @ -1.5", "foo @ -1.500"),
        Arguments.of("foo @ 1m", "foo @ 60.000"),
        Arguments.of("foo offset 5m @ start()", "foo @ start() offset 5m"),
        Arguments.of("foo[5m] @ end() offset 1w", "foo[5m] @ end() offset 1w"),
        Arguments.of("foo[90]", "foo[1m30s]"),
        Arguments.of("foo[1d]", "foo[1d]"),
        Arguments.of("foo[5m:]", "foo[5m:]"),
        Arguments.of("foo[5m:1m]", "foo[5m:1m]"),
        Arguments.of("rate(foo[5m])[1h:5m] offset 1d", "rate(foo[5m])[1h:5m] offset 1d"),
        Arguments.of("foo # a comment\n + bar", "foo + bar"),
        // Operators.
        Arguments.of("a + b * c", "a + b * c"),
        Arguments.of("2 ^ 3 ^ 2", "2 ^ 3 ^ 2"),
        Arguments.of("-2 ^ 2", "-2 ^ 2"),
        Arguments.of("a == bool b", "a == bool b"),
        Arguments.of("1 < bool 2", "1 < bool 2"),
        Arguments.of("a > on(x) group_left(y) b", "a > on (x) group_left (y) b"),
        Arguments.of("a * ignoring(x) group_right b", "a * ignoring (x) group_right () b"),
        Arguments.of("a and on(x) b", "a and on (x) b"),
        Arguments.of("a atan2 b", "a atan2 b"),
        Arguments.of("a AND b OR c UNLESS d", "a and b or c unless d"),
        Arguments.of("h </ 2", "h </ 2"),
        Arguments.of("h >/ on(l) f", "h >/ on (l) f"),
        Arguments.of("a + fill(0) b", "a + fill(0) b"),
        Arguments.of("a + on(x) group_left fill_left(1) fill_right(-Inf) b", "a + on (x) group_left () fill_left(1) fill_right(-Inf) b"),
        Arguments.of("fill + fill(0) fill", "fill + fill(0) fill"),
        // Aggregations.
        Arguments.of("sum by (a) (x)", "sum by (a) (x)"),
        Arguments.of("sum(x) by (a, b,)", "sum by (a, b) (x)"),
        Arguments.of("SUM without (a) (x)", "sum without (a) (x)"),
        Arguments.of("sum by () (x)", "sum(x)"),
        Arguments.of("sum by (\"a.b\", on) (x)", "sum by (\"a.b\", on) (x)"),
        Arguments.of("topk(5, x)", "topk(5, x)"),
        Arguments.of("count_values(\"v\", x)", "count_values(\"v\", x)"),
        Arguments.of("quantile without (i) (0.9, x)", "quantile without (i) (0.9, x)"),
        Arguments.of("limitk(2, x)", "limitk(2, x)"),
        Arguments.of("limit_ratio(-0.5, x)", "limit_ratio(-0.5, x)"),
        // Functions.
        Arguments.of("time()", "time()"),
        Arguments.of("day_of_week()", "day_of_week()"),
        Arguments.of("round(x, 5)", "round(x, 5)"),
        Arguments.of("label_join(x, \"a\", \",\", \"b\", \"c\")", "label_join(x, \"a\", \",\", \"b\", \"c\")"),
        Arguments.of("histogram_quantiles(x, \"q\", 0.5, 0.9)", "histogram_quantiles(x, \"q\", 0.5, 0.9)"),
        Arguments.of("info(x, {data=~\".*\"})", "info(x, {data=~\".*\"})"),
        Arguments.of("step()", "step()"),
        Arguments.of("STEP()", "step()"),
        Arguments.of("min_of(1, 2)", "min_of(1, 2)"),
        Arguments.of("holt_winters(x[5m], 0.5, 0.5)", "holt_winters(x[5m], 0.5, 0.5)"),
        // Duration expressions and extended selectors.
        Arguments.of("foo[5m+1m]", "foo[300 + 60]"),
        Arguments.of("foo[step()*2]", "foo[step() * 2]"),
        Arguments.of("foo[max_of(min_of(step()+1,1h),1ms)]", "foo[max_of(min_of(step() + 1, 3600), 0.001)]"),
        Arguments.of("foo[1h:(step())]", "foo[1h:(step())]"),
        Arguments.of("foo offset (1m*2)", "foo offset (60 * 2)"),
        Arguments.of("foo offset -step()", "foo offset -step()"),
        Arguments.of("foo offset step()*0", "foo offset step() * 0"),
        Arguments.of("foo offset -2 ^ 2", "foo offset -2s ^ 2"),
        Arguments.of("foo[5m] anchored", "foo[5m] anchored"),
        Arguments.of("foo smoothed @ 100", "foo smoothed @ 100.000"),
        Arguments.of("foo[step()] smoothed offset 1m", "foo[step()] smoothed offset 1m"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExpressions")
  void parsesAndPrintsAsPrometheus(String input, String printed) throws ParseException {
    Expr e = PromqlParser.parseExpr(input);
    assertThat(ExprPrinter.print(e)).isEqualTo(printed);
    assertThat(Positions.strip(PromqlParser.parseExpr(printed))).isEqualTo(Positions.strip(e));
  }

  static Stream<Arguments> invalidExpressions() {
    return Stream.of(
        Arguments.of("", "1:1", "no expression found in input"),
        Arguments.of("# only a comment", "1:1", "no expression found in input"),
        Arguments.of("1 +", "1:4", "unexpected end of input"),
        Arguments.of("(1", "1:3", "unclosed left parenthesis"),
        Arguments.of("1)", "1:3", "unexpected right parenthesis ')'"),
        Arguments.of("*1", "1:1", "unexpected <op:*>"),
        Arguments.of("foo bar", "1:5", "unexpected identifier \"bar\""),
        Arguments.of("foo 1", "1:5", "unexpected number \"1\""),
        Arguments.of("foo +\n  bar baz", "2:7", "unexpected identifier \"baz\""),
        Arguments.of("on", "1:1", "unexpected <on>"),
        Arguments.of("sum(", "1:5", "unclosed left parenthesis"),
        Arguments.of("{", "1:2", "unexpected end of input inside braces"),
        Arguments.of("}", "1:1", "unexpected character: '}'"),
        Arguments.of("foo{a}", "1:6", "unexpected \"}\" in label matching, expected label matching operator"),
        Arguments.of("foo{a=}", "1:7", "unexpected \"}\" in label matching, expected string"),
        Arguments.of("foo{a=\"b\" c=\"d\"}", "1:11", "unexpected identifier \"c\" in label matching, expected \",\" or \"}\""),
        Arguments.of("foo{=\"b\"}", "1:5", "unexpected \"=\" in label matching, expected identifier or \"}\""),
        Arguments.of("foo{1=\"b\"}", "1:5", "unexpected character inside braces: '1'"),
        Arguments.of("foo{a!b=\"c\"}", "1:6", "unexpected character after '!' inside braces: 'b'"),
        Arguments.of("foo !~ bar", "1:5", "unexpected character after '!': '~'"),
        Arguments.of("1 =~ 1", "1:3", "unexpected character after '=': '~'"),
        Arguments.of("{}", "1:1", "vector selector must contain at least one non-empty matcher"),
        Arguments.of("{a=\"\"}", "1:1", "vector selector must contain at least one non-empty matcher"),
        Arguments.of("{a=~\".*\"}", "1:1", "vector selector must contain at least one non-empty matcher"),
        Arguments.of("foo{__name__=\"bar\"}", "1:1", "metric name must not be set twice: \"foo\" or \"bar\""),
        Arguments.of("foo{\"bar\"}", "1:1", "metric name must not be set twice: \"foo\" or \"bar\""),
        Arguments.of("foo{a=~\"(\"}", "1:5", "error parsing regexp: Unclosed group: `(`"),
        Arguments.of("rate(foo)", "1:6", "expected type range vector in call to function \"rate\", got instant vector"),
        Arguments.of("abs(foo[5m])", "1:5", "expected type instant vector in call to function \"abs\", got range vector"),
        Arguments.of("rate()", "1:1", "expected 1 argument(s) in call to \"rate\", got 0"),
        Arguments.of("round()", "1:1", "expected at least 1 argument(s) in call to \"round\", got 0"),
        Arguments.of("round(x, 1, 2)", "1:1", "expected at most 2 argument(s) in call to \"round\", got 3"),
        Arguments.of("label_replace(x, \"a\")", "1:1", "expected 5 argument(s) in call to \"label_replace\", got 2"),
        Arguments.of("nonexistent(x)", "1:1", "unknown function with name \"nonexistent\""),
        Arguments.of("RATE(x[5m])", "1:1", "unknown function with name \"RATE\""),
        Arguments.of("rate(foo[5m],)", "1:13", "trailing commas not allowed in function call args"),
        Arguments.of("1 == 1", "1:3", "comparisons between scalars must use BOOL modifier"),
        Arguments.of("a + bool b", "1:3", "bool modifier can only be used on comparison operators"),
        Arguments.of("a and on(x) group_left b", "1:1", "no grouping allowed for \"and\" operation"),
        Arguments.of("a * on(x) group_left(x) b", "1:3", "label \"x\" must not occur in ON and GROUP clause at once"),
        Arguments.of("1 and 1", "1:1", "set operator \"and\" not allowed in binary scalar expression"),
        Arguments.of("1 + on(x) a", "1:1", "vector matching only allowed between instant vectors"),
        Arguments.of("\"a\" + 1", "1:1", "binary expression must contain only scalar and instant vector types"),
        Arguments.of("foo[5m] + 1", "1:1", "binary expression must contain only scalar and instant vector types"),
        Arguments.of("-\"a\"", "1:1", "unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
        Arguments.of("sum(x, y)", "1:1", "wrong number of arguments for aggregate expression provided, expected 1, got 2"),
        Arguments.of("topk(x)", "1:1", "wrong number of arguments for aggregate expression provided, expected 2, got 1"),
        Arguments.of("sum()", "1:1", "no arguments for aggregate expression provided"),
        Arguments.of("topk(\"a\", x)", "1:6", "expected type scalar in aggregation parameter, got string"),
        Arguments.of("count_values(1, x)", "1:14", "expected type string in aggregation parameter, got scalar"),
        Arguments.of("sum(x[5m])", "1:5", "expected type instant vector in aggregation expression, got range vector"),
        Arguments.of("sum by foo (x)", "1:8", "unexpected identifier \"foo\" in grouping opts, expected \"(\""),
        Arguments.of("sum by (a b) (x)", "1:11", "unexpected identifier \"b\" in grouping opts, expected \",\" or \")\""),
        Arguments.of("sum by (1) (x)", "1:9", "unexpected number \"1\" in grouping opts, expected label"),
        Arguments.of("sum foo", "1:5", "unexpected identifier \"foo\""),
        Arguments.of("foo offset 5m offset 1m", "1:1", "offset may not be set multiple times"),
        Arguments.of("foo @ 1 @ 2", "1:1", "@ <timestamp> may not be set multiple times"),
        Arguments.of("foo offset", "1:11", "unexpected end of input in offset, expected number, duration, step(), or range()"),
        Arguments.of("foo @ bar", "1:7", "unexpected identifier \"bar\" in @, expected timestamp"),
        Arguments.of("foo @ Inf", "1:1", "timestamp out of bounds for @ modifier: +Inf"),
        Arguments.of("(foo) offset 5m", "1:1", "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        Arguments.of("1 @ 5", "1:1", "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        Arguments.of("(foo)[5m]", "1:6", "ranges only allowed for vector selectors"),
        Arguments.of("foo[5m][5m]", "1:8", "ranges only allowed for vector selectors"),
        Arguments.of("foo offset 5m [5m]", "1:15", "no offset modifiers allowed before range"),
        Arguments.of("foo @ 1 [5m]", "1:9", "no @ modifiers allowed before range"),
        Arguments.of("foo[]", "1:5", "unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()"),
        Arguments.of("foo[5m", "1:7", "unclosed left bracket"),
        Arguments.of("foo[5m x]", "1:8", "unexpected identifier \"x\" in subquery or range, expected \":\" or \"]\""),
        Arguments.of("foo[5m:1m:]", "1:10", "unexpected colon ':'"),
        Arguments.of("foo]", "1:4", "unexpected right bracket ']'"),
        Arguments.of("foo[0]", "1:5", "duration must be greater than 0"),
        Arguments.of("foo[-5m]", "1:5", "duration must be greater than 0"),
        Arguments.of("foo[5m1h]", "1:5", "not a valid duration string: \"5m1h\""),
        Arguments.of("foo[1.5m]", "1:5", "not a valid duration string: \"1.5m\""),
        Arguments.of("foo[5m/0]", "1:7", "division by zero"),
        Arguments.of("foo[5m%0]", "1:7", "modulo by zero"),
        Arguments.of("foo[5m][1h:]", "1:1", "subquery is only allowed on instant vector, got matrix instead"),
        Arguments.of("1x", "1:1", "bad number or duration syntax: \"1\""),
        Arguments.of("1e", "1:1", "error parsing number: strconv.ParseFloat: parsing \"1e\": invalid syntax"),
        Arguments.of("\"\\q\"", "1:1", "unknown escape sequence U+0071 'q'"),
        Arguments.of("\"\\xZZ\"", "1:1", "illegal character U+005A 'Z' in escape sequence"),
        Arguments.of("\"\\ud800\"", "1:1", "escape sequence is an invalid Unicode code point"),
        Arguments.of("\"\\400\"", "1:1", "escape sequence is an invalid Unicode code point"),
        Arguments.of("\"abc", "1:1", "unterminated quoted string"),
        Arguments.of("`abc", "1:1", "unterminated raw string"),
        Arguments.of("sum by (\"\") (x)", "1:9", "invalid label name for grouping: \"\""),
        Arguments.of("foo[5m] anchored smoothed", "1:18", "anchored and smoothed modifiers cannot be used together"),
        Arguments.of("sum(x) anchored", "1:1", "anchored modifier must be preceded by an instant vector selector or range vector selector"),
        Arguments.of("1 + fill(0) a", "1:1", "fill modifiers are only allowed between instant vectors"),
        Arguments.of("a and fill(0) b", "1:1", "fill modifiers are not allowed for set operator \"and\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExpressions")
  void rejectsWithPrometheusMessageAndPosition(String input, String lineColumn, String detail) {
    assertThatThrownBy(() -> PromqlParser.parseExpr(input))
        .isInstanceOf(ParseException.class)
        .hasMessage(lineColumn + ": parse error: " + detail)
        .satisfies(e -> assertThat(((ParseException) e).detail()).isEqualTo(detail));
  }

  @Test
  void reportsLineColumnAndOffset() {
    assertThatThrownBy(() -> PromqlParser.parseExpr("sum(rate(x[5m]))\n  by (job) +\n  )"))
        .isInstanceOfSatisfying(ParseException.class, e -> {
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.column()).isEqualTo(4);
          assertThat(e.offset()).isEqualTo(33);
        });
  }

  @Test
  void buildsTheTreeWithPrecedenceAndAssociativity() throws ParseException {
    BinaryExpr sum = (BinaryExpr) PromqlParser.parseExpr("a + b * c");
    assertThat(sum.op()).isEqualTo(BinaryOp.ADD);
    assertThat(((BinaryExpr) sum.rhs()).op()).isEqualTo(BinaryOp.MUL);

    BinaryExpr pow = (BinaryExpr) PromqlParser.parseExpr("2 ^ 3 ^ 2");
    assertThat(pow.lhs()).isInstanceOf(NumberLiteral.class);
    assertThat(pow.rhs()).isInstanceOf(BinaryExpr.class);

    BinaryExpr minus = (BinaryExpr) PromqlParser.parseExpr("a - b - c");
    assertThat(minus.lhs()).isInstanceOf(BinaryExpr.class);

    UnaryExpr neg = (UnaryExpr) PromqlParser.parseExpr("-a ^ 2");
    assertThat(neg.negate()).isTrue();
    assertThat(neg.expr()).isInstanceOf(BinaryExpr.class);

    BinaryExpr negTimes = (BinaryExpr) PromqlParser.parseExpr("-a * 2");
    assertThat(negTimes.lhs()).isInstanceOf(UnaryExpr.class);

    BinaryExpr or = (BinaryExpr) PromqlParser.parseExpr("a or b and c");
    assertThat(or.op()).isEqualTo(BinaryOp.OR);
    assertThat(or.matching().orElseThrow().cardinality()).isEqualTo(VectorMatching.Cardinality.MANY_TO_MANY);

    BinaryExpr offsetBinds = (BinaryExpr) PromqlParser.parseExpr("metric1_total offset 100 + 2");
    assertThat(((VectorSelector) offsetBinds.lhs()).offsetMillis()).isEqualTo(100_000);
  }

  @Test
  void fillsInTheAstRecords() throws ParseException {
    VectorSelector vs = (VectorSelector) PromqlParser.parseExpr("foo{a=~\"b.*\"} offset -5m @ 12.345");
    assertThat(vs.name()).isEqualTo("foo");
    assertThat(vs.matchers()).containsExactly(Matcher.of(MatchType.REGEX, "a", "b.*"), Matcher.metricName("foo"));
    assertThat(vs.offsetMillis()).isEqualTo(-300_000);
    assertThat(vs.at()).isEqualTo(AtModifier.at(12_345));
    assertThat(vs.position()).isEqualTo(new PositionRange(0, 33));

    SubqueryExpr sq = (SubqueryExpr) PromqlParser.parseExpr("sum(x)[1h:] @ end()");
    assertThat(sq.rangeMillis()).isEqualTo(3_600_000);
    assertThat(sq.stepMillis()).isZero();
    assertThat(sq.at()).isEqualTo(AtModifier.END);

    AggregateExpr agg = (AggregateExpr) PromqlParser.parseExpr("topk without (a) (3, x)");
    assertThat(agg.op()).isEqualTo(AggregateOp.TOPK);
    assertThat(agg.param()).contains(new NumberLiteral(3, new PositionRange(18, 19)));
    assertThat(agg.without()).isTrue();
    assertThat(agg.grouping()).containsExactly("a");

    BinaryExpr b = (BinaryExpr) PromqlParser.parseExpr("a / ignoring(x) group_right(y) b");
    assertThat(b.matching()).contains(
        new VectorMatching(VectorMatching.Cardinality.ONE_TO_MANY, List.of("x"), false, List.of("y")));
    BinaryExpr scalar = (BinaryExpr) PromqlParser.parseExpr("a / 2");
    assertThat(scalar.matching()).isEmpty();
    assertThat(scalar.type()).isEqualTo(ValueType.VECTOR);

    Call call = (Call) PromqlParser.parseExpr("rate(x[5m])");
    assertThat(call.function()).isEqualTo(Functions.lookup("rate").orElseThrow());
    assertThat(((MatrixSelector) call.args().get(0)).rangeMillis()).isEqualTo(300_000);

    FillExpr fill = (FillExpr) PromqlParser.parseExpr("a + fill_right(7) b");
    assertThat(fill.lhsFill()).isEmpty();
    assertThat(fill.rhsFill()).hasValue(7);

    ExtendedSelector ext = (ExtendedSelector) PromqlParser.parseExpr("rate(x[1m] anchored)".substring(5, 19));
    assertThat(ext.mode()).isEqualTo(ExtendedSelector.Mode.ANCHORED);
    assertThat(ext.expr()).isInstanceOf(MatrixSelector.class);

    StringLiteral bytes = (StringLiteral) PromqlParser.parseExpr("\"\\xff\"");
    assertThat(bytes.value()).isEqualTo("\udcff");
  }

  @Test
  void keepsDurationExpressionsForTheQuery() throws Exception {
    DurationParamsExpr d = (DurationParamsExpr) PromqlParser.parseExpr("foo[step() * 2]");
    assertThat(d.range()).isPresent();
    Expr resolved = DurationResolver.resolve(d, 15_000, 0);
    assertThat(((MatrixSelector) resolved).rangeMillis()).isEqualTo(30_000);

    Expr offset = DurationResolver.resolve(PromqlParser.parseExpr("foo offset -(step() + 1m)"), 10_000, 0);
    assertThat(((VectorSelector) offset).offsetMillis()).isEqualTo(-70_000);

    Expr sub = DurationResolver.resolve(PromqlParser.parseExpr("rate(x[range()])[5m+1m:max_of(step(), 1s)]"), 0, 60_000);
    SubqueryExpr sq = (SubqueryExpr) sub;
    assertThat(sq.rangeMillis()).isEqualTo(360_000);
    assertThat(sq.stepMillis()).isEqualTo(1_000);
    assertThat(((MatrixSelector) ((Call) sq.expr()).args().get(0)).rangeMillis()).isEqualTo(60_000);

    Expr plain = PromqlParser.parseExpr("foo[5m]");
    assertThat(DurationResolver.resolve(plain, 1, 1)).isSameAs(plain);

    assertThatThrownBy(() -> DurationResolver.resolve(PromqlParser.parseExpr("foo[1m - 1m]"), 0, 0))
        .hasMessageContaining("duration must be greater than 0");
    assertThatThrownBy(() -> DurationResolver.resolve(PromqlParser.parseExpr("foo[1m / step()]"), 0, 0))
        .hasMessageContaining("division by zero");
  }

  @Test
  void parsesMetricSelectorsForTheApi() throws ParseException {
    assertThat(PromqlParser.parseMetricSelector("up")).containsExactly(Matcher.metricName("up"));
    assertThat(PromqlParser.parseMetricSelector("foo{a=\"b\"}"))
        .containsExactly(Matcher.equal("a", "b"), Matcher.metricName("foo"));
    assertThat(PromqlParser.parseMetricSelector("{job=~\"a|b\"}")).containsExactly(Matcher.of(MatchType.REGEX, "job", "a|b"));
    assertThat(PromqlParser.parseMetricSelector("{}")).isEmpty();
    assertThatThrownBy(() -> PromqlParser.parseMetricSelector("foo bar"))
        .hasMessage("1:5: parse error: unexpected identifier \"bar\"");
    assertThatThrownBy(() -> PromqlParser.parseMetricSelector("sum(x)")).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> PromqlParser.parseMetricSelector("foo[5m]")).isInstanceOf(ParseException.class);
  }

  @Test
  void parsesPrometheusDurations() throws ParseException {
    assertThat(PromqlParser.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(PromqlParser.parseDuration("1y")).isEqualTo(Duration.ofDays(365));
    assertThat(PromqlParser.parseDuration("2w1d")).isEqualTo(Duration.ofDays(15));
    assertThat(PromqlParser.parseDuration("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(PromqlParser.parseDuration("0")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> PromqlParser.parseDuration("1.5h")).hasMessageContaining("not a valid duration string");
    assertThatThrownBy(() -> PromqlParser.parseDuration("5m1h")).hasMessageContaining("not a valid duration string");
    assertThatThrownBy(() -> PromqlParser.parseDuration("")).hasMessageContaining("empty duration string");
    assertThat(Durations.format(5_400_000)).isEqualTo("1h30m");
    assertThat(Durations.format(90L * 86_400_000)).isEqualTo("90d");
    assertThat(Durations.format(14L * 86_400_000)).isEqualTo("2w");
    assertThat(Durations.format(1_500)).isEqualTo("1s500ms");
  }

  @Test
  void declaresEveryPrometheusFunction() {
    assertThat(Functions.all()).hasSizeGreaterThanOrEqualTo(90);
    Function rate = Functions.lookup("rate").orElseThrow();
    assertThat(rate.argTypes()).containsExactly(ValueType.MATRIX);
    assertThat(rate.returnType()).isEqualTo(ValueType.VECTOR);
    assertThat(Functions.lookup("label_join").orElseThrow().variadic()).isEqualTo(-1);
    assertThat(Functions.lookup("histogram_quantiles").orElseThrow().variadic()).isEqualTo(9);
    assertThat(Functions.lookup("sort_by_label").orElseThrow().experimental()).isTrue();
    assertThat(Functions.lookup("vector").orElseThrow().argTypes()).containsExactly(ValueType.SCALAR);
    assertThat(Functions.lookup("nope")).isEqualTo(Optional.empty());
  }
}
