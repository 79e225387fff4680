package io.watchkeeper.rules.template;

import io.watchkeeper.model.Labels;
import io.watchkeeper.rules.template.GoValue.GoMap;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One sample of a query result as templates see it (Prometheus' {@code *sample}): fields {@code
 * .Labels} (including {@code __name__}) and {@code .Value}. Immutable.
 */
public record TemplateSample(GoMap labels, double value) implements GoValue.GoStruct {
  /** A sample with these labels and value. */
  public static TemplateSample of(Labels labels, double value) {
    return new TemplateSample(GoMap.ofStrings(labels.toMap()), value);
  }

  @Override
  public Optional<@Nullable Object> field(String name) {
    return switch (name) {
      case "Labels" -> Optional.of(labels);
      case "Value" -> Optional.of(value);
      default -> Optional.empty();
    };
  }

  @Override
  public List<@Nullable Object> fieldValues() {
    return Arrays.asList(labels, value);
  }

  @Override
  public boolean isPointer() {
    return true;
  }

  @Override
  public String goTypeName() {
    return "*template.sample";
  }
}
