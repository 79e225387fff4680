package io.watchkeeper.ingest.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipDecoderTest {
  private final BufferPool pool = new BufferPool(1 << 20);

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void decodesSingleAndMultipleMembers() throws IOException {
    byte[] a = "a 1\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    byte[] b = "b 2\n".getBytes(StandardCharsets.UTF_8);
    byte[] ga = gzip(a);
    byte[] gb = gzip(b);
    byte[] both = Arrays.copyOf(ga, ga.length + gb.length);
    System.arraycopy(gb, 0, both, ga.length, gb.length);
    try (GzipDecoder d = new GzipDecoder()) {
      BodyBuffer out = new BodyBuffer(pool);
      d.decode(ga, ga.length, out, 0);
      assertThat(Arrays.copyOf(out.bytes, out.length)).isEqualTo(a);
      d.decode(both, both.length, out, 0);
      assertThat(new String(out.bytes, 0, out.length, StandardCharsets.UTF_8)).endsWith("a 1\nb 2\n").hasSize(a.length + b.length);
    }
  }

  @Test
  void enforcesTheLimitOnTheDecompressedSize() throws IOException {
    byte[] data = gzip(new byte[100_000]);
    try (GzipDecoder d = new GzipDecoder()) {
      assertThatThrownBy(() -> d.decode(data, data.length, new BodyBuffer(pool), 50_000))
          .isInstanceOf(GzipDecoder.TooLargeException.class).hasMessageContaining("body size limit exceeded");
    }
  }

  @Test
  void rejectsCorruptData() throws IOException {
    byte[] data = gzip("hello".getBytes(StandardCharsets.UTF_8));
    data[data.length - 6] ^= 1; // checksum
    try (GzipDecoder d = new GzipDecoder()) {
      assertThatThrownBy(() -> d.decode(data, data.length, new BodyBuffer(pool), 0)).hasMessageContaining("checksum");
      byte[] plain = "not gzip at all, just text".getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> d.decode(plain, plain.length, new BodyBuffer(pool), 0)).hasMessage("not gzip data");
      byte[] long1 = gzip("x".repeat(5000).getBytes(StandardCharsets.UTF_8));
      byte[] truncated = Arrays.copyOf(long1, long1.length - 12);
      assertThatThrownBy(() -> d.decode(truncated, truncated.length, new BodyBuffer(pool), 0)).hasMessageContaining("truncated");
    }
  }

  @Test
  void bufferPoolReusesPowerOfTwoBuffers() {
    BufferPool p = new BufferPool(1 << 20);
    byte[] b = p.get(5000);
    assertThat(b).hasSize(8192);
    p.put(b);
    assertThat(p.retainedBytes()).isEqualTo(8192);
    assertThat(p.get(6000)).isSameAs(b);
    p.put(new byte[1000]); // not from the pool: ignored
    assertThat(p.retainedBytes()).isZero();
    BufferPool tiny = new BufferPool(4096);
    tiny.put(new byte[8192]);
    assertThat(tiny.retainedBytes()).isZero();
  }
}
