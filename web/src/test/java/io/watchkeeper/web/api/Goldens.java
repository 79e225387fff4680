package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Compares responses with golden files in {@code src/test/resources/io/watchkeeper/web/api/}. The
 * files are pretty-printed for reading; they are parsed with exact decimals and written compactly,
 * which must give the response byte for byte (so {@code 1700000000.100} differs from {@code
 * 1700000000.1}, and key order counts).
 */
final class Goldens {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .disable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private Goldens() {}

  /** The golden file's JSON in the compact form the API writes. */
  static String json(String name) {
    try {
      JsonNode node = MAPPER.readTree(text(name));
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The golden file as text. */
  static String text(String name) {
    try (InputStream in = Goldens.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that {@code actual} is the golden JSON {@code name}. */
  static void assertJson(String actual, String name) {
    assertThat(actual).isEqualTo(json(name));
  }
}
