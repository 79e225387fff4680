package io.watchkeeper.alerting.notify.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * aiosmtpd (Debian package python3-aiosmtpd), a real SMTP server, run as a child process of the
 * test by {@code aiosmtpd_server.py} (next to this class in the test resources): on 127.0.0.1, it
 * requires STARTTLS (with a self-signed certificate made by the JDK's keytool) and then AUTH with one
 * user, and keeps each message it accepts as a file that {@link #received()} reads.
 *
 * <p>{@link #close()} stops the process; a shutdown hook does so if the JVM exits first, and the
 * script exits by itself when its stdin closes, which covers a JVM that is killed. Not thread-safe.
 */
final class AiosmtpdServer implements AutoCloseable {
  /** Debian's interpreter, the one python3-aiosmtpd installs for (a {@code python3} on the PATH may be another). */
  static final Path PYTHON = Path.of("/usr/bin/python3");

  static final String MISSING = "aiosmtpd is not installed for " + PYTHON
      + " (Debian package python3-aiosmtpd: apt-get install -y python3-aiosmtpd; .ci/run installs it)";

  private static final char[] STORE_PASSWORD = "changeit".toCharArray();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Thread shutdownHook;
  private final Path messages;
  private final int port;

  private AiosmtpdServer(Process process, Thread shutdownHook, Path messages, int port) {
    this.process = process;
    this.shutdownHook = shutdownHook;
    this.messages = messages;
    this.port = port;
  }

  /** A certificate and its private key as PEM files, for the server's TLS. */
  record Pem(Path certificate, Path key) {}

  /** One accepted message: its envelope, how the connection got there, and the raw data. */
  record Received(String mailFrom, List<String> rcptTos, boolean tls, String authMechanism, String authLogin, List<String> ehlo,
      byte[] data) {
    /** The data parsed by Jakarta Mail. */
    MimeMessage message() throws MessagingException {
      return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
    }

    /** The data as the server received it (CRLF line ends, dot-stuffing removed). */
    String raw() {
      return new String(data, StandardCharsets.ISO_8859_1);
    }
  }

  /** Whether {@link #PYTHON} exists and imports aiosmtpd. */
  static boolean isInstalled() {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import aiosmtpd.controller").redirectErrorStream(true).start();
      p.getInputStream().transferTo(OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // the interpreter does not start: not usable
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A self-signed EC certificate for localhost and 127.0.0.1, made by keytool, written to {@code dir} as PEM. */
  static Pem certificate(Path dir) throws IOException, InterruptedException {
    Path store = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, STORE_PASSWORD);
      Pem pem = new Pem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
      Files.writeString(pem.certificate(), pem("CERTIFICATE", ks.getCertificate("server").getEncoded()));
      Files.writeString(pem.key(), pem("PRIVATE KEY", ks.getKey("server", STORE_PASSWORD).getEncoded()));
      return pem;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key store keytool wrote", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /**
   * Starts a server on a free port that accepts {@code user} with {@code password} through the
   * AUTH {@code mechanisms} (space-separated: LOGIN, PLAIN), keeping its files under {@code dir},
   * and returns once it accepts connections.
   */
  static AiosmtpdServer start(Path dir, Pem pem, String user, String password, String mechanisms) throws IOException, InterruptedException {
    Path messages = Files.createDirectories(dir.resolve("messages"));
    Path log = dir.resolve("aiosmtpd.log");
    Process p = new ProcessBuilder(PYTHON.toString(), script().toString(), "--port", "0", "--cert", pem.certificate().toString(),
        "--key", pem.key().toString(), "--user", user, "--password", password, "--dir", messages.toString(), "--mechanisms", mechanisms)
        .redirectError(log.toFile()).start();
    Thread hook = new Thread(p::destroy, "aiosmtpd-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return new AiosmtpdServer(p, hook, messages, awaitReady(p, log));
    } catch (IOException | InterruptedException | RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook); // awaitReady stopped the process
      throw e;
    }
  }

  private static Path script() {
    URL url = AiosmtpdServer.class.getResource("aiosmtpd_server.py");
    if (url == null) {
      throw new IllegalStateException("BUG: aiosmtpd_server.py is missing from the test resources");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("BUG: cannot turn " + url + " into a path", e);
    }
  }

  /** The port from the script's "READY <port>" line; stops the process and says why when it does not come. */
  private static int awaitReady(Process p, Path log) throws IOException, InterruptedException {
    BufferedReader out = p.inputReader(StandardCharsets.US_ASCII);
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        line.complete(out.readLine());
      } catch (IOException e) {
        line.completeExceptionally(e);
      }
    });
    String ready;
    try {
      ready = line.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IOException("aiosmtpd did not say READY within 30 s; its log: " + Files.readString(log), e);
    }
    if (ready == null || !ready.startsWith("READY ")) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IOException("aiosmtpd did not start (it said " + ready + "); its log: " + Files.readString(log));
    }
    return Integer.parseInt(ready.substring("READY ".length()).strip());
  }

  int port() {
    return port;
  }

  /** The messages accepted since the start or the last {@link #clear()}, in the order they came. */
  List<Received> received() throws IOException {
    List<Received> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(messages)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        out.add(parse(JSON.readTree(f.toFile())));
      }
    }
    return out;
  }

  private static Received parse(JsonNode n) {
    JsonNode auth = n.path("auth");
    return new Received(n.path("mail_from").asText(), strings(n.path("rcpt_tos")), n.path("tls").asBoolean(),
        auth.path("mechanism").asText(""), auth.path("login").asText(""), strings(n.path("ehlo")),
        Base64.getDecoder().decode(n.path("data").asText()));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  /** Forgets the messages received so far. */
  void clear() throws IOException {
    try (Stream<Path> files = Files.list(messages)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook, which finds the process gone
    }
  }
}
