package io.watchkeeper.query.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.watchkeeper.query.EvaluationException;
import io.watchkeeper.query.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the parser (issue 3): mutations of the corpus expressions and randomly generated
 * expressions must either parse, print and parse back to the same tree, or fail with a {@link
 * ParseException}: no other exception, no hang, no stack overflow. Seeds are fixed so a failure
 * reproduces; the failing input is in the assertion message.
 */
class ParserFuzzTest {
  private static final String[] TOKENS = {
    "(", ")", "{", "}", "[", "]", ",", ":", "=", "!=", "=~", "!~", "==", "<", ">=", "</", ">/", "+", "-", "*", "/",
    "%", "^", "@", "#", "\"", "'", "`", "\\", "\n", " ", "by", "without", "on", "ignoring", "group_left",
    "group_right", "bool", "offset", "start()", "end()", "step()", "range()", "anchored", "smoothed", "fill(0)",
    "fill_left", "min_of(", "sum", "topk", "count_values", "rate", "and", "or", "unless", "atan2", "foo", "x:y",
    "0x", "0x1F", "1e", "1e309", "-Inf", "NaN", "5m", "1h30m", "5m1h", "0", ".5", "1.5m", "\"\\x\"", "\"\\u12\"",
    "\"\\777\"", "\ud800", "\u00e9", "\u0000", "\"a.b\"", "[5m:]", "[1m:1s]", "[step()*2]", "offset -5m", "@ 100"
  };
  private static final Pattern TOKEN_SPLIT = Pattern.compile("\\w+|\\s+|\\S");

  @Test
  void mutatedCorpusExpressionsParseOrFailCleanly() {
    List<String> corpus = CorpusExpressions.load().stream().map(CorpusExpressions.Case::expr).toList();
    List<String> problems = new ArrayList<>();
    int[] outcome = new int[2];
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      SplittableRandom rnd = new SplittableRandom(42);
      for (int round = 0; round < 12; round++) {
        for (String expr : corpus) {
          String input = expr;
          int mutations = 1 + rnd.nextInt(3);
          for (int m = 0; m < mutations; m++) {
            input = mutate(input, rnd);
          }
          check(input, problems, outcome);
        }
      }
    });
    System.out.printf(
        "parser fuzz (corpus mutations): %d inputs, %d parsed, %d rejected with ParseException, %d problems%n",
        outcome[0] + outcome[1], outcome[0], outcome[1], problems.size());
    assertThat(outcome[0] + outcome[1]).isGreaterThan(30_000);
    assertThat(outcome[0]).isPositive();
    assertThat(outcome[1]).isPositive();
    assertThat(problems).isEmpty();
  }

  @Test
  void randomExpressionsParseOrFailCleanly() {
    List<String> problems = new ArrayList<>();
    int[] outcome = new int[2];
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      SplittableRandom rnd = new SplittableRandom(7);
      for (int i = 0; i < 20_000; i++) {
        String input = new ExprGenerator(rnd).expr(4);
        check(input, problems, outcome);
        if (rnd.nextInt(4) == 0) {
          check(mutate(input, rnd), problems, outcome);
        }
      }
    });
    System.out.printf(
        "parser fuzz (random expressions): %d inputs, %d parsed, %d rejected with ParseException, %d problems%n",
        outcome[0] + outcome[1], outcome[0], outcome[1], problems.size());
    assertThat(outcome[0]).isGreaterThan(5_000);
    assertThat(problems).isEmpty();
  }

  @Test
  void rejectsDeepNestingWithoutOverflowingASmallStack() throws InterruptedException {
    int n = 100_000;
    List<String> deep = List.of(
        "(".repeat(n) + "1" + ")".repeat(n),
        "-".repeat(n) + "1",
        "a + ".repeat(n) + "a",
        "2 ^ ".repeat(n) + "2",
        "sum(".repeat(n) + "x" + ")".repeat(n),
        "abs(".repeat(n) + "x" + ")".repeat(n),
        "foo" + "[1m:]".repeat(n),
        "foo[" + "(".repeat(n) + "1m" + ")".repeat(n) + "]",
        "foo offset " + "(".repeat(n) + "1m" + ")".repeat(n),
        "foo[" + "1m+".repeat(n) + "1m]",
        "(".repeat(n));
    AtomicReference<Throwable> unexpected = new AtomicReference<>();
    List<String> messages = new ArrayList<>();
    // A 512 KiB stack: smaller than the JVM's default, so the limit holds with room to spare.
    Thread t = new Thread(null, () -> {
      for (String input : deep) {
        try {
          PromqlParser.parseExpr(input);
          messages.add("parsed: " + input.substring(0, 20));
        } catch (ParseException e) {
          messages.add(e.detail());
        } catch (Throwable e) {
          unexpected.set(e);
          return;
        }
      }
    }, "deep-parse", 512 * 1024);
    t.start();
    t.join(60_000);
    assertThat(unexpected.get()).isNull();
    assertThat(messages).hasSize(deep.size());
    assertThat(messages.subList(0, deep.size() - 1)).allMatch(m -> m.equals("expression too deeply nested"));
    assertThat(messages.get(deep.size() - 1)).isEqualTo("expression too deeply nested");
  }

  @Test
  void acceptsNestingUpToTheLimit() throws ParseException {
    int n = PromqlParser.MAX_DEPTH - 1;
    Expr e = PromqlParser.parseExpr("(".repeat(n) + "1" + ")".repeat(n));
    assertThat(ExprPrinter.print(e)).hasSize(2 * n + 1);
    assertThat(PromqlParser.parseExpr("a + ".repeat(n - 1) + "a")).isInstanceOf(BinaryExpr.class);
    assertThatThrownBy(() -> PromqlParser.parseExpr("a + ".repeat(n + 1) + "a"))
        .hasMessageContaining("expression too deeply nested");
    assertThatThrownBy(() -> PromqlParser.parseExpr("{a=~\"" + "(".repeat(1001) + ")".repeat(1001) + "\"}"))
        .hasMessageContaining("expression nests too deeply");
  }

  private static void check(String input, List<String> problems, int[] outcome) {
    try {
      Expr e = PromqlParser.parseExpr(input);
      outcome[0]++;
      String printed = ExprPrinter.print(e);
      Expr again = PromqlParser.parseExpr(printed);
      if (!Positions.strip(again).equals(Positions.strip(e))) {
        problems.add("round trip changed " + show(input) + " printed as " + show(printed));
      }
      try {
        DurationResolver.resolve(e, 15_000, 3_600_000);
      } catch (EvaluationException expected) {
        // a duration expression that is invalid for this step and range
      }
    } catch (ParseException expected) {
      outcome[1]++;
      if (expected.offset() < 0 || expected.offset() > input.length() || expected.line() < 1 || expected.column() < 1) {
        problems.add("bad position " + expected.getMessage() + " for " + show(input));
      }
    } catch (RuntimeException | StackOverflowError e) {
      problems.add(e + " for " + show(input));
    }
  }

  private static String show(String s) {
    return GoStrings.quote(s);
  }

  static String mutate(String s, SplittableRandom rnd) {
    if (s.isEmpty()) {
      return TOKENS[rnd.nextInt(TOKENS.length)];
    }
    int pos = rnd.nextInt(s.length() + 1);
    return switch (rnd.nextInt(7)) {
      case 0 -> s.substring(0, pos); // truncate
      case 1 -> { // flip one character
        int at = rnd.nextInt(s.length());
        char c = rnd.nextBoolean() ? (char) rnd.nextInt(0x20, 0x7F) : (char) rnd.nextInt(0, 0x10000);
        yield s.substring(0, at) + c + s.substring(at + 1);
      }
      case 2 -> { // delete a range
        int end = Math.min(s.length(), pos + 1 + rnd.nextInt(8));
        yield s.substring(0, Math.min(pos, s.length())) + s.substring(end);
      }
      case 3 -> s.substring(0, pos) + TOKENS[rnd.nextInt(TOKENS.length)] + s.substring(pos); // insert a token
      case 4 -> swapTokens(s, rnd);
      case 5 -> { // duplicate a slice
        int end = Math.min(s.length(), pos + rnd.nextInt(12));
        yield s.substring(0, end) + s.substring(pos, end) + s.substring(end);
      }
      default -> { // replace a token
        List<String> tokens = tokens(s);
        tokens.set(rnd.nextInt(tokens.size()), TOKENS[rnd.nextInt(TOKENS.length)]);
        yield String.join("", tokens);
      }
    };
  }

  private static String swapTokens(String s, SplittableRandom rnd) {
    List<String> tokens = tokens(s);
    int i = rnd.nextInt(tokens.size());
    int j = rnd.nextInt(tokens.size());
    String t = tokens.get(i);
    tokens.set(i, tokens.get(j));
    tokens.set(j, t);
    return String.join("", tokens);
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN_SPLIT.matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
    if (out.isEmpty()) {
      out.add(s);
    }
    return out;
  }

  /** Random PromQL built from the grammar's productions; many are ill-typed on purpose. */
  private record ExprGenerator(SplittableRandom rnd) {
    private static final String[] FUNCTIONS = {
      "rate", "abs", "vector", "time", "round", "label_replace", "histogram_quantile", "sort_by_label", "clamp",
      "day_of_week", "info", "quantile_over_time", "predict_linear", "absent_over_time", "step", "min_of"
    };
    private static final String[] AGGREGATORS = {
      "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile",
      "limitk", "limit_ratio"
    };
    private static final String[] OPERATORS = {
      "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless", "atan2", "</", ">/"
    };

    String expr(int depth) {
      if (depth <= 0) {
        return leaf();
      }
      return switch (rnd.nextInt(9)) {
        case 0, 1 -> leaf();
        case 2 -> expr(depth - 1) + " " + pick(OPERATORS) + binaryModifiers() + " " + expr(depth - 1);
        case 3 -> pick(new String[] {"-", "+"}) + expr(depth - 1);
        case 4 -> "(" + expr(depth - 1) + ")";
        case 5 -> call(depth);
        case 6 -> aggregate(depth);
        case 7 -> "(" + expr(depth - 1) + ")[" + duration() + ":" + (rnd.nextBoolean() ? duration() : "") + "]"
            + modifiers();
        default -> "rate(" + selector() + "[" + duration() + "]" + (rnd.nextInt(4) == 0 ? " anchored" : "") + ")";
      };
    }

    private String leaf() {
      return switch (rnd.nextInt(6)) {
        case 0 -> pick(new String[] {"1", "0x1f", "1e3", "-2.5", "Inf", "NaN", "5m", ".5", "017"});
        case 1 -> pick(new String[] {"\"a\"", "'b\\n'", "`c`", "\"\\u00e9\""});
        default -> selector() + modifiers();
      };
    }

    private String selector() {
      String name = pick(new String[] {"foo", "up", "sum", "by", "x:y:z", ""});
      if (name.isEmpty() || rnd.nextBoolean()) {
        String[] matchers = {"a=\"b\"", "job=~\"api|db\"", "c!=\"\"", "\"d.e\"=\"f\"", "\"my.metric\"", "e!~'x'"};
        return name + "{" + pick(matchers) + (rnd.nextBoolean() ? ", " + pick(matchers) : "") + "}";
      }
      return name;
    }

    private String modifiers() {
      StringBuilder sb = new StringBuilder();
      if (rnd.nextInt(4) == 0) {
        sb.append(" offset ").append(pick(new String[] {"5m", "-1h", "(1m + step())", "-step()", "90"}));
      }
      if (rnd.nextInt(5) == 0) {
        sb.append(" @ ").append(pick(new String[] {"100", "-5.5", "start()", "end()", "1m"}));
      }
      if (rnd.nextInt(8) == 0) {
        sb.append(" smoothed");
      }
      return sb.toString();
    }

    private String duration() {
      return pick(new String[] {"5m", "1h30m", "90", "step()", "5m+1m", "(1m*2)", "min_of(step(), 1h)", "1.5", "0"});
    }

    private String binaryModifiers() {
      StringBuilder sb = new StringBuilder();
      if (rnd.nextInt(4) == 0) {
        sb.append(" bool");
      }
      if (rnd.nextInt(3) == 0) {
        sb.append(rnd.nextBoolean() ? " on(a)" : " ignoring(b, \"c.d\")");
        if (rnd.nextInt(3) == 0) {
          sb.append(rnd.nextBoolean() ? " group_left" : " group_right(e)");
        }
      }
      if (rnd.nextInt(6) == 0) {
        sb.append(" fill(0)");
      }
      return sb.toString();
    }

    private String call(int depth) {
      StringBuilder sb = new StringBuilder(pick(FUNCTIONS)).append('(');
      int args = rnd.nextInt(4);
      for (int i = 0; i < args; i++) {
        sb.append(i > 0 ? ", " : "").append(expr(depth - 1));
      }
      return sb.append(')').toString();
    }

    private String aggregate(int depth) {
      String op = pick(AGGREGATORS);
      String grouping = rnd.nextBoolean() ? "" : (rnd.nextBoolean() ? " by (a, \"b.c\")" : " without (job)");
      String param = switch (op) {
        case "topk", "bottomk", "quantile", "limitk", "limit_ratio" -> "0.5, ";
        case "count_values" -> "\"v\", ";
        default -> "";
      };
      String body = "(" + param + expr(depth - 1) + ")";
      return rnd.nextBoolean() ? op + grouping + " " + body : op + body + grouping;
    }

    private String pick(String[] options) {
      return options[rnd.nextInt(options.length)];
    }
  }
}
