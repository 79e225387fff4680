package io.watchkeeper.ingest.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoRegexTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      (?P<a_b>x)          | (x)
      (?<n>x)(y)          | (x)(y)
      [[:alpha:]_]        | [\\p{Alpha}_]
      [[:^digit:]]        | [\\P{Digit}]
      a{2,3}              | a{2,3}
      {foo}               | \\{foo}
      x$                  | x\\z
      [$]                 | [$]
      []a]                | [\\]a]
      [a[b]               | [a\\[b]
      [a&&b]              | [a\\&\\&b]
      \\Q$[\\E            | \\Q$[\\E
      (?:a)(?i)b          | (?:a)(?i)b
      """)
  void translatesRe2SyntaxToJava(String re2, String java) {
    assertThat(GoRegex.translate(re2, new HashMap<>())).isEqualTo(java);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', textBlock = """
      (a)(b)      ; ab    ; $2$1         ; ba
      (a)(b)      ; ab    ; ${2}x        ; bx
      (a)(b)      ; ab    ; $2x          ; ''
      (a)(b)      ; ab    ; $$1          ; $1
      (a)(b)      ; ab    ; ${1          ; ${1
      (a)(b)      ; ab    ; $            ; $
      (a)(b)      ; ab    ; $9           ; ''
      (a)(b)      ; ab    ; $01          ; ''
      (a)(b)      ; ab    ; $0           ; ab
      (a)|(c)     ; a     ; [$2]         ; []
      (?P<first_name>\\w+) ; jo ; ${first_name}! ; jo!
      """)
  void expandsTemplatesLikeGo(String re, String input, String template, String expected) {
    GoRegex r = GoRegex.compile(re);
    Matcher m = r.matcher(input);
    assertThat(m.matches()).isTrue();
    assertThat(r.expand(template, m)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"a|b, a, true", "a|b, ab, false", "foo.*, foobar, true", "o, foo, false", "'', '', true", "x$, x, true"})
  void matchesAreAnchored(String re, String input, boolean matches) {
    assertThat(GoRegex.compile(re).matches(input)).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource({"(?P<x_1>a)(?P<y>b), 2"})
  void namedGroupsKeepTheirNumbers(String re, int groups) {
    Map<String, Integer> names = new HashMap<>();
    GoRegex.translate(re, names);
    assertThat(names).containsEntry("x_1", 1).containsEntry("y", groups);
  }
}
