package io.watchkeeper.benchmarks;

import io.watchkeeper.query.ParseException;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.ExprPrinter;
import io.watchkeeper.query.parser.PromqlParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing (lexing, parsing and type-checking) and printing typical dashboard and alert queries.
 *
 * <p>{@code ./mvnw -o -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar PromqlParserBenchmark} (JDK 25, one fork, 2 x 1 s warm-up, 3 x
 * 1 s measured) on the shared 2-core development machine, average time per operation; the error
 * bars were wide (other builds were running), so read these as orders of magnitude:
 *
 * <pre>
 * query     parse     print
 * selector   0.8 us   0.17 us   (includes compiling the regex matcher)
 * rate       1.9 us   0.19 us
 * quantile   4.1 us   0.39 us
 * slo       10.3 us   1.2 us    (two-window burn-rate alert, 4 selectors)
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PromqlParserBenchmark {
  @Param({"selector", "rate", "quantile", "slo"})
  public String query;

  private String text;
  private Expr parsed;

  @Setup
  public void setUp() throws ParseException {
    text =
        switch (query) {
          case "selector" -> "up{job=\"api\", instance=~\"10\\\\.0\\\\..*\"}";
          case "rate" -> "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))";
          case "quantile" -> "histogram_quantile(0.99, sum by (le, route) "
              + "(rate(http_request_duration_seconds_bucket{job=\"api\", route!=\"/health\"}[5m])))";
          case "slo" -> "(sum(rate(http_requests_total{job=\"api\", code=~\"5..\"}[1h])) "
              + "/ sum(rate(http_requests_total{job=\"api\"}[1h]))) > (14.4 * (1 - 0.999)) "
              + "and on() (sum(rate(http_requests_total{job=\"api\", code=~\"5..\"}[5m])) "
              + "/ sum(rate(http_requests_total{job=\"api\"}[5m]))) > bool (14.4 * (1 - 0.999))";
          default -> throw new IllegalArgumentException("unknown query " + query);
        };
    parsed = PromqlParser.parseExpr(text);
  }

  @Benchmark
  public Expr parse() throws ParseException {
    return PromqlParser.parseExpr(text);
  }

  @Benchmark
  public String print() {
    return ExprPrinter.print(parsed);
  }
}
