package io.watchkeeper.ingest.scrape;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files as Go's {@code crypto/tls} accepts them: certificates, and private keys in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}) form.
 * PKCS#1 and SEC 1 keys are wrapped into PKCS#8, which is what the JDK reads. Stateless.
 */
final class Pem {
  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
  private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
  private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private Pem() {}

  /** All certificates in a PEM file. */
  static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (var c : cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException("no certificate found in " + file);
    }
    return out;
  }

  /** The first private key in a PEM file. */
  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (type) {
        case "PRIVATE KEY" -> {
          return pkcs8(der, file);
        }
        case "RSA PRIVATE KEY" -> {
          return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrap(RSA_OID, new byte[] {0x05, 0x00}, der)));
        }
        case "EC PRIVATE KEY" -> {
          return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(wrap(EC_OID, curveOid(der, file), der)));
        }
        default -> { }
      }
    }
    throw new GeneralSecurityException("no private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block) found in " + file);
  }

  private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException("unsupported private key algorithm in " + file);
  }

  /** PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE { oid, params }, OCTET STRING key }. */
  private static byte[] wrap(byte[] oid, byte[] params, byte[] key) {
    byte[] alg = tlv(0x30, concat(oid, params));
    return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, alg, tlv(0x04, key)));
  }

  /** The named-curve OID ([0] parameters) of a SEC 1 ECPrivateKey. */
  private static byte[] curveOid(byte[] der, Path file) throws GeneralSecurityException {
    int[] pos = {0};
    expect(der, pos, 0x30, file);
    readLength(der, pos);
    while (pos[0] < der.length) {
      int tag = der[pos[0]++] & 0xFF;
      int len = readLength(der, pos);
      if (tag == 0xA0) {
        byte[] oid = new byte[len];
        System.arraycopy(der, pos[0], oid, 0, len);
        return oid;
      }
      pos[0] += len;
    }
    throw new GeneralSecurityException("EC private key in " + file + " does not name its curve");
  }

  private static void expect(byte[] der, int[] pos, int tag, Path file) throws GeneralSecurityException {
    if (der.length == 0 || (der[pos[0]++] & 0xFF) != tag) {
      throw new GeneralSecurityException("malformed key in " + file);
    }
  }

  private static int readLength(byte[] der, int[] pos) {
    int b = der[pos[0]++] & 0xFF;
    if (b < 0x80) {
      return b;
    }
    int n = b & 0x7F;
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[pos[0]++] & 0xFF);
    }
    return len;
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
