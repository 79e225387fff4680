package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code watchkeeper import}: what it says before sending anything. */
class ImportCommandTest {
  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void aFileOverTheServersImportLimitIsRefusedWithHowToSplitIt() throws Exception {
    Path big = dir.resolve("history.om");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength((1L << 30) + 1); // sparse: no disk used
    }
    Result r = run("import", "--server", "http://127.0.0.1:1", big.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("has 1073741825 bytes", "at most 1024 MiB per import", "split -l", "# EOF");
    assertThat(r.out()).doesNotContain("Importing");
  }

  @Test
  void anUnreadableFileIsNamed() {
    Result r = run("import", dir.resolve("missing.prom").toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("cannot read", "missing.prom");
  }
}
