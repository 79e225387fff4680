package io.watchkeeper.query.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.query.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every expression of the upstream PromQL corpus parses, prints and parses back to the same tree. */
class CorpusParseTest {
  @Test
  void everyCorpusExpressionParsesUnlessTheFileExpectsAParseError() {
    List<CorpusExpressions.Case> cases = CorpusExpressions.load();
    List<String> wrong = new ArrayList<>();
    int parsed = 0;
    int failedAsExpected = 0;
    for (CorpusExpressions.Case c : cases) {
      try {
        PromqlParser.parseExpr(c.expr());
        parsed++;
        if (c.expectParseError()) {
          wrong.add(c + " parsed, but the file expects a parse error");
        }
      } catch (ParseException e) {
        if (c.expectParseError()) {
          failedAsExpected++;
        } else {
          wrong.add(c + " -> " + e.getMessage());
        }
      }
    }
    System.out.printf(
        "promql corpus parse: %d expressions, %d parsed, %d failed as expected, %d wrong%n",
        cases.size(), parsed, failedAsExpected, wrong.size());
    assertThat(cases).hasSizeGreaterThan(2700);
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyCorpusExpressionRoundTripsThroughThePrinter() throws ParseException {
    List<String> wrong = new ArrayList<>();
    for (CorpusExpressions.Case c : CorpusExpressions.load()) {
      if (c.expectParseError()) {
        continue;
      }
      Expr e = PromqlParser.parseExpr(c.expr());
      String printed = ExprPrinter.print(e);
      try {
        Expr again = PromqlParser.parseExpr(printed);
        if (!Positions.strip(again).equals(Positions.strip(e))) {
          wrong.add(c + " printed as " + printed + " parses differently");
        }
      } catch (ParseException ex) {
        wrong.add(c + " printed as " + printed + " -> " + ex.getMessage());
      }
    }
    assertThat(wrong).isEmpty();
  }
}
