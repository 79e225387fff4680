package io.watchkeeper.rules.template;

import io.watchkeeper.model.Labels;
import io.watchkeeper.rules.template.GoValue.GoMap;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The data alert label and annotation templates run on (Prometheus' {@code AlertTemplateData}):
 * {@code .Labels}, {@code .ExternalLabels}, {@code .ExternalURL} and {@code .Value}, also bound to
 * the variables {@code $labels}, {@code $externalLabels}, {@code $externalURL} and {@code $value}.
 * Immutable.
 */
public record AlertTemplateData(GoMap labels, GoMap externalLabels, String externalUrl, double value)
    implements GoValue.GoStruct {
  /** The variables Prometheus defines before every alert template, in its order. */
  public static final List<String> VARIABLES = List.of("$labels", "$externalLabels", "$externalURL", "$value");

  /** Data for an alert with these labels and value. */
  public static AlertTemplateData of(Labels labels, Labels externalLabels, String externalUrl, double value) {
    return new AlertTemplateData(GoMap.ofStrings(labels.toMap()), GoMap.ofStrings(externalLabels.toMap()),
        externalUrl, value);
  }

  /** Empty data, for checking that templates parse. */
  public static AlertTemplateData empty() {
    return of(Labels.EMPTY, Labels.EMPTY, "", 0);
  }

  /** The predefined variables' values, in the order of {@link #VARIABLES}. */
  public List<Object> variableValues() {
    return List.of(labels, externalLabels, externalUrl, value);
  }

  @Override
  public Optional<@Nullable Object> field(String name) {
    return switch (name) {
      case "Labels" -> Optional.of(labels);
      case "ExternalLabels" -> Optional.of(externalLabels);
      case "ExternalURL" -> Optional.of(externalUrl);
      case "Value" -> Optional.of(value);
      default -> Optional.empty();
    };
  }

  @Override
  public List<@Nullable Object> fieldValues() {
    return Arrays.asList(labels, externalLabels, externalUrl, value);
  }

  @Override
  public boolean isPointer() {
    return false;
  }

  @Override
  public String goTypeName() {
    return "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; "
        + "Value interface {} }";
  }
}
