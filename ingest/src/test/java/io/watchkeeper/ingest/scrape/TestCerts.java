package io.watchkeeper.ingest.scrape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made with the JDK's keytool: a server certificate for localhost,
 * 127.0.0.1 and scrape.example, and a client certificate; PEM copies for tls_config.
 */
final class TestCerts {
  private static final char[] PASSWORD = "changeit".toCharArray();

  final Path serverCertPem;
  final Path clientCertPem;
  final Path clientKeyPem;
  final SSLContext serverContext;

  private TestCerts(Path serverCertPem, Path clientCertPem, Path clientKeyPem, SSLContext serverContext) {
    this.serverCertPem = serverCertPem;
    this.clientCertPem = clientCertPem;
    this.clientKeyPem = clientKeyPem;
    this.serverContext = serverContext;
  }

  static TestCerts create(Path dir) throws Exception {
    Path server = dir.resolve("server.p12");
    Path client = dir.resolve("client.p12");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,dns:scrape.example,ip:127.0.0.1", "-validity", "2", "-keystore", server.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit");
    keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=client",
        "-validity", "2", "-keystore", client.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
    KeyStore serverKs = load(server);
    KeyStore clientKs = load(client);
    Path serverPem = dir.resolve("ca.pem");
    Files.writeString(serverPem, pem("CERTIFICATE", serverKs.getCertificate("server").getEncoded()));
    Path clientPem = dir.resolve("client.pem");
    Files.writeString(clientPem, pem("CERTIFICATE", clientKs.getCertificate("client").getEncoded()));
    Path clientKey = dir.resolve("client-key.pem");
    Files.writeString(clientKey, pem("PRIVATE KEY", clientKs.getKey("client", PASSWORD).getEncoded()));

    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(serverKs, PASSWORD);
    KeyStore trustClients = KeyStore.getInstance("PKCS12");
    trustClients.load(null, null);
    Certificate clientCert = clientKs.getCertificate("client");
    trustClients.setCertificateEntry("client", clientCert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustClients);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return new TestCerts(serverPem, clientPem, clientKey, ctx);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static KeyStore load(Path p) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> cmd = new ArrayList<>();
    cmd.add(keytool.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
  }
}
