package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code watchkeeper import}: what it says before sending anything, and about the server's answers. */
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

  /** A stub server answering every request with {@code status} and {@code body}; returns its URL. */
  private String stub(int status, String body) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, b.length);
      exchange.getResponseBody().write(b);
      exchange.close();
    });
    server.start();
    stubs.add(server);
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private final List<HttpServer> stubs = new ArrayList<>();

  @AfterEach
  void stopStubs() {
    stubs.forEach(s -> s.stop(0));
  }

  @Test
  void aFailureWhileStoringSaysHowManySamplesWereStoredAndThatImportingAgainIsSafe() throws Exception {
    Path file = Files.writeString(dir.resolve("history.prom"), "a 1 1000\n");
    String url = stub(500, "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"cannot store imported samples after 20000"
        + " were stored: no space left\",\"data\":{\"samplesImported\":20000,\"samplesRejected\":0}}");

    Result r = run("import", "--server", url, file.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("import failed: internal: cannot store imported samples after 20000 were stored: no space left",
        "20000 samples of " + file + " were stored before the failure", "not duplicated");
  }

  @Test
  void aRejectedFileSaysWhereAndNothingAboutStoredSamples() throws Exception {
    Path file = Files.writeString(dir.resolve("history.prom"), "a 1\n");
    String url = stub(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"line 1: sample of a has no timestamp;"
        + " every imported sample needs one\",\"data\":{\"samplesImported\":0,\"samplesRejected\":0}}");

    Result r = run("import", "--server", url, file.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("import failed: bad_data: line 1: sample of a has no timestamp; every imported sample needs one"
        + System.lineSeparator());
  }
}
