package io.watchkeeper.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteHashTest {
  private static long h(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return ByteHash.xxh64(b, 0, b.length);
  }

  @Test
  void matchesReferenceVectors() {
    assertThat(h("")).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(h("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(h("abc")).isEqualTo(0x44BC2CF5AD770999L);
    assertThat(h("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
  }

  @Test
  void hashesOnlyTheRange() {
    byte[] b = "xxhttp_requests_total{a=\"b\"}yy".getBytes(StandardCharsets.UTF_8);
    assertThat(ByteHash.xxh64(b, 2, b.length - 4)).isEqualTo(h("http_requests_total{a=\"b\"}"));
  }

  @Test
  void distinctSeriesGetDistinctHashes() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(h("http_requests_total{route=\"/api/" + i + "\",code=\"200\"}"))).isTrue();
    }
  }
}
