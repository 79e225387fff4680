package io.watchkeeper.rules;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recording rule (Prometheus {@code RecordingRule}): evaluates its expression and renames the
 * result to the rule's name, with the rule's labels set (an empty value removes a label). Fails when
 * two results end up with the same labels, or when there are more than the group's limit.
 * Thread-safety as {@link Rule}.
 */
public final class RecordingRule extends Rule {
  RecordingRule(String name, String query, Map<String, String> labels) {
    super(name, query, labels);
  }

  @Override
  List<Sample> evaluate(long tsMillis, long queryOffsetMillis, QueryFunction query, int limit)
      throws RuleEvaluationException {
    List<Sample> result = queryVector(query, query(), tsMillis - queryOffsetMillis);
    List<Sample> out = new ArrayList<>(result.size());
    Set<Labels> seen = new HashSet<>(result.size() * 2);
    Labels.Builder b = Labels.builder();
    for (Sample s : result) {
      b.reset(s.labels());
      b.set(Labels.METRIC_NAME, name());
      labels().forEach(b::set);
      Labels l = b.build();
      if (!seen.add(l)) {
        throw new RuleEvaluationException("vector contains metrics with the same labelset after applying rule labels");
      }
      out.add(new Sample(l, s.timestamp(), s.value(), s.histogram()));
    }
    if (limit > 0 && out.size() > limit) {
      throw new RuleEvaluationException("exceeded limit of " + limit + " with " + out.size() + " series");
    }
    return out;
  }

  @Override
  String definition() {
    return "record: " + name() + "\nexpr: " + query() + "\nlabels: " + labels() + "\n";
  }
}
