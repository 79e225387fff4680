package io.watchkeeper.storage.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every matcher kind, evaluated over {@link MemPostings}, against a brute-force scan. */
class PostingsForMatchersTest {
  private static final List<Labels> SERIES = new ArrayList<>();
  private static final MemPostings INDEX = new MemPostings();

  static {
    Random r = new Random(3);
    String[] jobs = {"api", "db", "web"};
    String[] codes = {"200", "404", "500", "503"};
    for (int i = 0; i < 600; i++) {
      Labels.Builder b = Labels.builder()
          .set("__name__", i % 3 == 0 ? "up" : "http_requests_total")
          .set("job", jobs[r.nextInt(jobs.length)])
          .set("instance", "host-" + r.nextInt(40) + ":9100");
      if (r.nextBoolean()) {
        b.set("code", codes[r.nextInt(codes.length)]);
      }
      if (r.nextInt(5) == 0) {
        b.set("env", "prod");
      }
      Labels l = b.build();
      if (SERIES.contains(l)) {
        continue;
      }
      INDEX.add(SERIES.size(), l);
      SERIES.add(l);
    }
  }

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of(List.of(Matcher.metricName("up"))),
        Arguments.of(List.of(Matcher.equal("job", "api"), Matcher.equal("code", "500"))),
        Arguments.of(List.of(Matcher.metricName("up"), Matcher.of(MatchType.NOT_EQUAL, "job", "api"))),
        Arguments.of(List.of(Matcher.of(MatchType.REGEX, "code", "5.."))),
        Arguments.of(List.of(Matcher.of(MatchType.REGEX, "code", "500|404"))),
        Arguments.of(List.of(Matcher.of(MatchType.REGEX, "code", "500|"), Matcher.equal("job", "db"))),
        Arguments.of(List.of(Matcher.of(MatchType.NOT_REGEX, "code", "5.."), Matcher.equal("job", "web"))),
        Arguments.of(List.of(Matcher.of(MatchType.NOT_REGEX, "code", "200|404"), Matcher.metricName("up"))),
        Arguments.of(List.of(Matcher.equal("code", ""), Matcher.metricName("http_requests_total"))),
        Arguments.of(List.of(Matcher.of(MatchType.NOT_EQUAL, "code", ""))),
        Arguments.of(List.of(Matcher.of(MatchType.REGEX, "env", ".+"))),
        Arguments.of(List.of(Matcher.of(MatchType.REGEX, "env", ".*"), Matcher.equal("job", "api"))),
        Arguments.of(List.of(Matcher.of(MatchType.REGEX, "instance", "host-1.*"), Matcher.of(MatchType.NOT_EQUAL, "env", "prod"))),
        Arguments.of(List.of(Matcher.equal("job", "nope"))),
        Arguments.of(List.of(Matcher.of(MatchType.NOT_EQUAL, "job", "api"))),
        Arguments.of(List.of(Matcher.of(MatchType.REGEX, "job", "(?i)API"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selectors")
  void matchesWhatABruteForceScanMatches(List<Matcher> matchers) {
    BitSet want = new BitSet();
    for (int i = 0; i < SERIES.size(); i++) {
      int id = i;
      if (matchers.stream().allMatch(m -> m.matches(SERIES.get(id)))) {
        want.set(i);
      }
    }
    int[] got = PostingsForMatchers.select(INDEX, matchers);
    assertThat(got).containsExactly(want.stream().toArray());
  }

  @Test
  void literalAlternationsAreRecognised() {
    assertThat(PostingsForMatchers.literals(Matcher.of(MatchType.REGEX, "a", "GET|POST"))).containsExactly("GET", "POST");
    assertThat(PostingsForMatchers.literals(Matcher.of(MatchType.REGEX, "a", "/api/v1"))).containsExactly("/api/v1");
    assertThat(PostingsForMatchers.literals(Matcher.of(MatchType.REGEX, "a", "a.b"))).isNull();
    assertThat(PostingsForMatchers.literals(Matcher.of(MatchType.REGEX, "a", "a|"))).isNull();
  }

  @Test
  void deletedSeriesLeaveThePostings() {
    MemPostings p = new MemPostings();
    Labels a = Labels.of("__name__", "x", "k", "1");
    Labels b = Labels.of("__name__", "x", "k", "2");
    p.add(1, a);
    p.add(2, b);
    BitSet gone = new BitSet();
    gone.set(1);
    p.delete(gone, List.of(a));
    assertThat(p.postings("__name__", "x")).containsExactly(2);
    assertThat(p.labelValues("k")).containsExactly("2");
    assertThat(p.allPostings()).containsExactly(2);
  }

  @Test
  void outOfOrderIdsStaySorted() {
    MemPostings p = new MemPostings();
    Labels l = Labels.of("__name__", "x");
    for (int id : new int[] {5, 9, 7, 1, 8}) {
      p.add(id, l);
    }
    assertThat(p.postings("__name__", "x")).containsExactly(1, 5, 7, 8, 9);
  }
}
