package io.watchkeeper.alerting.inhibit;

import io.watchkeeper.model.Matcher;
import java.util.List;

/**
 * One {@code inhibit_rules} entry: while an alert matching {@code sourceMatchers} fires, alerts
 * matching {@code targetMatchers} with the same values of the {@code equal} labels (a label missing
 * on both sides counts as equal) are muted. The old {@code source_match}/{@code source_match_re}
 * forms are folded into the matchers by the config binder. Immutable.
 */
public record InhibitRule(List<Matcher> sourceMatchers, List<Matcher> targetMatchers, List<String> equal) {
  public InhibitRule {
    sourceMatchers = List.copyOf(sourceMatchers);
    targetMatchers = List.copyOf(targetMatchers);
    equal = List.copyOf(equal);
  }
}
