package io.watchkeeper.probe.dns;

import java.util.Locale;
import java.util.Optional;

/** The record types a DNS probe asks for, with their RFC 1035 codes. */
public enum DnsRecordType {
  A(1),
  NS(2),
  CNAME(5),
  SOA(6),
  PTR(12),
  MX(15),
  TXT(16),
  AAAA(28),
  SRV(33),
  CAA(257),
  ANY(255);

  private final int code;

  DnsRecordType(int code) {
    this.code = code;
  }

  /** The type's number on the wire. */
  public int code() {
    return code;
  }

  /** The type with this number, if it is one we name. */
  public static Optional<DnsRecordType> ofCode(int code) {
    for (DnsRecordType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The name as dig writes it ({@code A}, {@code TYPE99} for types we do not name). */
  public static String name(int code) {
    return ofCode(code).map(Enum::name).orElse("TYPE" + code);
  }

  /**
   * The type called {@code s} (any case).
   *
   * @throws IllegalArgumentException naming the types we know
   */
  public static DnsRecordType parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown DNS record type \"" + s + "\" (use A, AAAA, CNAME, MX, TXT, NS, SRV, SOA,"
          + " PTR, CAA or ANY)", e);
    }
  }
}
