package io.watchkeeper.ingest.scrape;

import io.watchkeeper.model.Labels;
import java.util.List;
import java.util.Objects;

/**
 * Targets found by one discovery source (Prometheus {@code targetgroup.Group}): each target is a
 * label set with at least {@code __address__}; the group's labels apply to all of them.
 *
 * @param source where the group came from, unique per job (e.g. {@code static/0}, or a file path and index)
 */
record TargetGroup(List<Labels> targets, Labels labels, String source) {
  TargetGroup {
    targets = List.copyOf(targets);
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(source, "source");
  }
}
