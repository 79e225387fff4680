package io.watchkeeper.ingest.relabel;

import java.util.List;

/**
 * One relabelling step, as Prometheus' {@code relabel_config}. Defaults as Prometheus': separator
 * {@code ;}, regex {@code (.*)}, replacement {@code $1}, action {@code replace}.
 *
 * @param regex the expression as written; it is anchored ({@code ^(?s:regex)$}) when compiled
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    String regex,
    long modulus,
    String targetLabel,
    String replacement,
    RelabelAction action) {
  public static final String DEFAULT_SEPARATOR = ";";
  public static final String DEFAULT_REGEX = "(.*)";
  public static final String DEFAULT_REPLACEMENT = "$1";

  public RelabelConfig {
    sourceLabels = List.copyOf(sourceLabels);
  }
}
