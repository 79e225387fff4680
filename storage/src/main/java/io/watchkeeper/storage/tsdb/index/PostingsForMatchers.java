package io.watchkeeper.storage.tsdb.index;

import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates label matchers over an {@link IndexView} as Prometheus' {@code PostingsForMatchers}
 * does: matchers that cannot match the empty string select postings (intersected, smallest
 * first); matchers that can (such as {@code a!="x"}, {@code a=""}, {@code a=~"x|"}) instead subtract
 * the series whose value of that label fails them, since series without the label match too. With
 * only such matchers the selection starts from all series. Regex matchers iterate the label's
 * values, except alternations of literals ({@code "GET|POST"}), which are looked up directly.
 * Stateless.
 */
public final class PostingsForMatchers {
  private PostingsForMatchers() {}

  /** Ids of the series matching every matcher, ascending. */
  public static int[] select(IndexView index, List<Matcher> matchers) {
    List<int[]> intersect = new ArrayList<>();
    List<int[]> subtract = new ArrayList<>();
    for (Matcher m : matchers) {
      if (m.matchesEmpty()) {
        if (isMatchAll(m)) {
          continue; // {a=~".*"} selects every series
        }
        int[] failing = valuesPostings(index, m, false);
        if (failing.length > 0) {
          subtract.add(failing);
        }
      } else {
        int[] p = valuesPostings(index, m, true);
        if (p.length == 0) {
          return Postings.EMPTY;
        }
        intersect.add(p);
      }
    }
    int[] result = intersect.isEmpty() ? index.allPostings() : Postings.intersect(intersect);
    for (int[] s : subtract) {
      if (result.length == 0) {
        break;
      }
      result = Postings.subtract(result, s);
    }
    return result;
  }

  /** Postings of the series whose value of {@code m}'s label satisfies {@code m} (or fails it). */
  private static int[] valuesPostings(IndexView index, Matcher m, boolean satisfying) {
    MatchType type = m.type();
    boolean positive = type == MatchType.EQUAL || type == MatchType.REGEX;
    // A fast path for literal values: "=" and "=~" alternatives are direct lookups.
    List<String> literals = literals(m);
    if (literals != null && positive == satisfying) {
      return index.postings(m.name(), literals);
    }
    if (type == MatchType.NOT_EQUAL && m.value().isEmpty() && satisfying) {
      return index.postings(m.name(), index.labelValues(m.name())); // a!="": has the label
    }
    List<String> values = new ArrayList<>();
    for (String v : index.labelValues(m.name())) {
      if (m.matches(v) == satisfying) {
        values.add(v);
      }
    }
    return index.postings(m.name(), values);
  }

  private static boolean isMatchAll(Matcher m) {
    return m.type() == MatchType.REGEX && m.value().equals(".*");
  }

  /**
   * The literal values an {@code =}/{@code !=} matcher names, or the alternatives of a regex made
   * only of literals joined by {@code |}; null if the regex has any other syntax.
   */
  static @Nullable List<String> literals(Matcher m) {
    switch (m.type()) {
      case EQUAL, NOT_EQUAL:
        return m.value().isEmpty() ? null : List.of(m.value());
      default:
        String re = m.value();
        for (int i = 0; i < re.length(); i++) {
          if (".[]{}()*+?^$\\".indexOf(re.charAt(i)) >= 0) {
            return null;
          }
        }
        List<String> out = new ArrayList<>();
        for (String alt : re.split("\\|", -1)) {
          if (alt.isEmpty()) {
            return null; // "a|" matches the empty string: take the general path
          }
          out.add(alt);
        }
        return out;
    }
  }
}
