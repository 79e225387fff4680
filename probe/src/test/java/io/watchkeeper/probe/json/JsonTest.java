package io.watchkeeper.probe.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  @SuppressWarnings("unchecked")
  void parsesNestedValues() throws JsonException {
    Object v = Json.parse("{\"success\": true, \"data\": {\"token\": \"abc\\u0031\", \"items\": [1, 2.50, -3e2, null]}}");

    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.get("success")).isEqualTo(Boolean.TRUE);
    Map<?, ?> data = (Map<?, ?>) m.get("data");
    assertThat(data.get("token")).isEqualTo("abc1");
    assertThat((List<Object>) (List<?>) data.get("items")).containsExactly(new BigDecimal("1"), new BigDecimal("2.50"), new BigDecimal("-3e2"),
        Json.NULL);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "\"ok\"|ok",
    "1.50|1.5",
    "-300e-2|-3",
    "0.0|0",
    "true|true",
    "null|null",
    "{\"a\":[1,\"x\"]}|{\"a\":[1,\"x\"]}",
  })
  void rendersValuesAsText(String json, String text) throws JsonException {
    assertThat(Json.text(Json.parse(json))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{\"a\":1,}|expected a string key",
    "[1 2]|expected ']'",
    "\"open|unterminated string",
    "01|unexpected text after the JSON value",
    "tru|invalid literal",
    "{} x|unexpected text",
  })
  void rejectsMalformedJsonWithAnOffset(String json, String message) {
    assertThatThrownBy(() -> Json.parse(json)).isInstanceOf(JsonException.class).hasMessageContaining(message)
        .hasMessageContaining("at offset");
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String deep = "[".repeat(100_000);
    assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class).hasMessageContaining("nested deeper");
  }
}
