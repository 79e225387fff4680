package io.watchkeeper.server;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for localhost and 127.0.0.1 made by the JDK's keytool, with an HTTPS
 * server that presents it. (probe's TestCertificates would do, but its test-jar carries a
 * logback-test.xml that would silence the servers ServerEndToEndTest starts from this classpath.)
 *
 * @param pem the certificate as PEM, to trust with {@code --ca-file}
 */
record KeytoolCertificate(X509Certificate certificate, SSLContext serverContext, String pem) {
  private static final char[] PASSWORD = "changeit".toCharArray();

  /**
   * Issues one valid from {@code startDate} (keytool's relative form: {@code -12H}, {@code -60d})
   * for {@code validityDays} days, keeping its key store in {@code dir}.
   */
  static KeytoolCertificate localhost(Path dir, String startDate, int validityDays) throws IOException, InterruptedException {
    Path store = Files.createTempFile(dir, "server-", ".p12");
    Files.delete(store); // keytool creates it
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
        "-startdate", startDate, "-validity", Integer.toString(validityDays), "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", new String(PASSWORD))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD);
      X509Certificate cert = (X509Certificate) ks.getCertificate("server");
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      String pem = "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
      return new KeytoolCertificate(cert, ctx, pem);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key store keytool wrote", e);
    }
  }

  /** An HTTPS server on 127.0.0.1 and a free port presenting this certificate, answering 200 "ok" on /; started. */
  HttpsServer serve() throws IOException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    s.createContext("/", ex -> {
      byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    s.start();
    return s;
  }
}
