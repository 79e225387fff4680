package io.watchkeeper.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Benchmark inputs from the shared directory next to the checkout (found from the working directory up). */
final class BenchData {
  private BenchData() {}

  /** {@code shared/<sub>} in the nearest ancestor of the working directory that has it. */
  static Path shared(String sub) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve(sub);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find shared/" + sub + " above " + Path.of("").toAbsolutePath()
        + ": run the benchmarks from the repository checkout next to shared/");
  }

  /** The 237-family Prometheus text fixture used by Prometheus' own parser benchmarks. */
  static byte[] alltypes() throws IOException {
    return Files.readAllBytes(shared("conformance/textformat/prometheus-textparse/alltypes.237mfs.prom.txt"));
  }

  /** One target of the side-by-side bench harness: {@code python3 shared/bench/targets.py --dump}. */
  static byte[] benchTarget() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", shared("bench/targets.py").toString(), "--dump").redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.length == 0) {
      throw new IOException("targets.py --dump failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The same body as OpenMetrics (the lenient parser does not check family rules, so only # EOF is added). */
  static byte[] asOpenMetrics(byte[] text) {
    if (new String(text, StandardCharsets.UTF_8).endsWith("# EOF\n")) {
      return text;
    }
    byte[] eof = "# EOF\n".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[text.length + eof.length];
    System.arraycopy(text, 0, out, 0, text.length);
    System.arraycopy(eof, 0, out, text.length, eof.length);
    return out;
  }

  /** Number of sample lines. */
  static int samples(byte[] body) {
    int n = 0;
    boolean lineStart = true;
    for (byte b : body) {
      if (lineStart && b != '#' && b != '\n') {
        n++;
      }
      lineStart = b == '\n';
    }
    return n;
  }
}
