package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  @Test
  void fillsInVariablesAndKeepsDoubleDollarLiteral() throws Exception {
    String out = Templates.render("Bearer ${token} costs $$5 for ${user}", Map.of("token", "t-1", "user", "ann"));

    assertThat(out).isEqualTo("Bearer t-1 costs $5 for ann");
    assertThat(Templates.render("no refs", Map.of())).isEqualTo("no refs");
  }

  @Test
  void missingVariableIsNamed() {
    assertThatThrownBy(() -> Templates.render("/users/${id}", Map.of()))
        .isInstanceOf(Templates.MissingVariableException.class).hasMessageContaining("${id}");
  }

  @Test
  void listsReferencesOnce() {
    assertThat(Templates.references("${a}/${b}?x=${a}&y=$${c}")).containsExactly("a", "b");
  }
}
