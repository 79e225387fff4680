package io.watchkeeper.probe.dns;

import java.util.Objects;

/**
 * One resource record of a DNS message.
 *
 * @param name the owner name, absolute with a trailing dot ({@code example.com.})
 * @param type the type code ({@link DnsRecordType#code()})
 * @param ttl seconds
 * @param data the RDATA as text, as dig shows it: {@code 93.184.216.34}, {@code 10 mail.example.com.},
 *     {@code "v=spf1 -all"}, {@code 0 5 5060 sip.example.com.}
 */
public record DnsRecord(String name, int type, long ttl, String data) {
  public DnsRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
  }

  /** {@code example.com. 300 A 93.184.216.34}. */
  @Override
  public String toString() {
    return name + " " + ttl + " " + DnsRecordType.name(type) + " " + data;
  }
}
