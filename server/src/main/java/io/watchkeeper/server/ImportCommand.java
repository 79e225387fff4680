package io.watchkeeper.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.ingest.receive.Importer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code watchkeeper import [--server URL] FILE}: backfills history into a running server, which
 * checks the whole file before it stores any of it (see {@code Importer}).
 */
@Command(name = "import", description = "Backfill a Prometheus text or OpenMetrics file whose samples carry "
    + "timestamps into a running server (history migration). The server checks the whole file first: a bad line "
    + "is reported with its position and nothing is stored.")
final class ImportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--server", defaultValue = "http://127.0.0.1:9095",
      description = "Server URL (default: ${DEFAULT-VALUE}).")
  String server;

  @CommandLine.Option(names = "--format", defaultValue = "auto",
      description = "prometheus, openmetrics, or auto (OpenMetrics when the file ends with '# EOF'; default).")
  String format;

  @CommandLine.Parameters(paramLabel = "FILE", description = "File to import.")
  Path file;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isReadable(file)) {
      spec.commandLine().getErr().println("import failed: cannot read " + file + " (check the path)");
      return 1;
    }
    String contentType = switch (format) {
      case "openmetrics" -> "application/openmetrics-text; version=1.0.0";
      case "prometheus" -> "text/plain; version=0.0.4";
      default -> looksLikeOpenMetrics(file) ? "application/openmetrics-text; version=1.0.0" : "text/plain; version=0.0.4";
    };
    long size = Files.size(file);
    if (size > Importer.Options.DEFAULT.maxBodyBytes()) {
      spec.commandLine().getErr().println("import failed: " + file + " has " + size + " bytes; the server takes at most "
          + (Importer.Options.DEFAULT.maxBodyBytes() >> 20) + " MiB per import. Split it at line boundaries into parts"
          + " (e.g. split -l 1000000; end each OpenMetrics part with a '# EOF' line) and import them in time order.");
      return 1;
    }
    out.println("Importing " + file + " (" + size + " bytes) into " + server + " ...");
    out.flush();
    try {
      JsonNode data = new ApiClient(server).postFile("/api/v1/import", file, contentType);
      out.println("Imported: " + data.toPrettyString());
      return 0;
    } catch (ApiClient.ApiException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("import failed: " + e.getMessage());
      long stored = e.data().path("samplesImported").asLong(0);
      if (stored > 0) {
        // The server stores a file only once it has checked all of it; a failure while storing
        // keeps what was committed, and a second import of the file does not store it twice.
        err.println(stored + " samples of " + file + " were stored before the failure; import the file again once"
            + " the cause is fixed: samples already stored are not duplicated");
      }
      return 1;
    }
  }

  private static boolean looksLikeOpenMetrics(Path file) throws IOException {
    long size = Files.size(file);
    try (var ch = Files.newByteChannel(file)) {
      long from = Math.max(0, size - 16);
      ch.position(from);
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
      ch.read(buf);
      return new String(buf.array(), java.nio.charset.StandardCharsets.UTF_8).strip().endsWith("# EOF");
    }
  }
}
