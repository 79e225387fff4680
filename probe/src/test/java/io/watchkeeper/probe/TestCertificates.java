package io.watchkeeper.probe;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed certificates made in the test, in milliseconds and without keytool: a small DER
 * writer for an X.509 v3 certificate (EC P-256, SHA256withECDSA) with subject alternative names.
 * Each {@link Issued} carries the server's {@link SSLContext} and the certificate as PEM to trust.
 */
public final class TestCertificates {
  private static final byte[] ECDSA_SHA256 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
  private static final byte[] CN = {0x55, 0x04, 0x03};
  private static final byte[] SAN = {0x55, 0x1d, 0x11};
  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private TestCertificates() {}

  /** A certificate with its key, ready for a test server. */
  public record Issued(X509Certificate certificate, SSLContext serverContext, String pem) {}

  /**
   * A self-signed certificate for {@code cn}, valid from {@code notBefore} to {@code notAfter}, with
   * DNS names and IP addresses (dotted IPv4) as alternative names.
   */
  public static Issued issue(String cn, Instant notBefore, Instant notAfter, List<String> dnsNames, List<String> ips) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      byte[] name = seq(set(seq(oid(CN), tlv(0x0c, cn.getBytes(StandardCharsets.UTF_8)))));
      ByteArrayOutputStream names = new ByteArrayOutputStream();
      for (String d : dnsNames) {
        names.writeBytes(tlv(0x82, d.getBytes(StandardCharsets.US_ASCII)));
      }
      for (String ip : ips) {
        names.writeBytes(tlv(0x87, java.net.InetAddress.getByName(ip).getAddress()));
      }
      byte[] extensions = tlv(0xa3, seq(seq(oid(SAN), tlv(0x04, seq(names.toByteArray())))));
      byte[] tbs = seq(
          tlv(0xa0, tlv(0x02, new byte[] {2})),
          tlv(0x02, BigInteger.valueOf(System.nanoTime() & 0x7fffffffffffL).toByteArray()),
          seq(oid(ECDSA_SHA256)),
          name,
          seq(tlv(0x17, UTC_TIME.format(notBefore).getBytes(StandardCharsets.US_ASCII)),
              tlv(0x17, UTC_TIME.format(notAfter).getBytes(StandardCharsets.US_ASCII))),
          name,
          kp.getPublic().getEncoded(),
          extensions);
      Signature sig = Signature.getInstance("SHA256withECDSA");
      sig.initSign(kp.getPrivate());
      sig.update(tbs);
      byte[] signature = sig.sign();
      byte[] bits = new byte[signature.length + 1];
      System.arraycopy(signature, 0, bits, 1, signature.length);
      byte[] der = seq(tbs, seq(oid(ECDSA_SHA256)), tlv(0x03, bits));
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(der));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "changeit".toCharArray();
      ks.setKeyEntry("server", kp.getPrivate(), pw, new X509Certificate[] {cert});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(der) + "\n-----END CERTIFICATE-----\n";
      return new Issued(cert, ctx, pem);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  /** For localhost and 127.0.0.1, valid from a day ago until {@code notAfter}. */
  public static Issued localhost(Instant now, Instant notAfter) {
    return issue("localhost", now.minusSeconds(86_400), notAfter, List.of("localhost"), List.of("127.0.0.1"));
  }

  private static byte[] oid(byte[] body) {
    return tlv(0x06, body);
  }

  private static byte[] seq(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  private static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
