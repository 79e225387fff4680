package io.watchkeeper.probe.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPathTest {
  private static final String DOC = "{\"status\":\"ok\",\"data\":{\"token\":\"t-1\",\"users\":[{\"id\":7},{\"id\":8}],"
      + "\"odd key\":true},\"n\":null}";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "$.status|ok",
    "status|ok",
    "$.data.token|t-1",
    "$.data.users[0].id|7",
    "$.data.users[-1].id|8",
    "$['data']['odd key']|true",
    "$.data.users|[{\"id\":7},{\"id\":8}]",
  })
  void selectsValues(String path, String want) throws JsonException {
    assertThat(JsonPath.compile(path).select(Json.parse(DOC)).map(Json::text)).contains(want);
  }

  @ParameterizedTest
  @CsvSource({"$.missing", "$.data.users[5]", "$.status.deeper", "$.data.users.id"})
  void missingValuesAreEmpty(String path) throws JsonException {
    assertThat(JsonPath.compile(path).select(Json.parse(DOC))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "$..a|empty member name",
    "$.a[|unclosed [",
    "$.a[x]|expected an index or a quoted name",
    "$a|unexpected 'a'",
  })
  void rejectsBadPaths(String path, String message) {
    assertThatThrownBy(() -> JsonPath.compile(path)).isInstanceOf(JsonException.class).hasMessageContaining(message);
  }
}
