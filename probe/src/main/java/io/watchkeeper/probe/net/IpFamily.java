package io.watchkeeper.probe.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** IPv4 or IPv6 ({@code ip4}, {@code ip6} in configuration, as blackbox_exporter names them). */
public enum IpFamily {
  IP4(4),
  IP6(6);

  private final int number;

  IpFamily(int number) {
    this.number = number;
  }

  /** 4 or 6: the value of {@code probe_ip_protocol}. */
  public int number() {
    return number;
  }

  /** The configuration word: {@code ip4} or {@code ip6}. */
  public String configName() {
    return "ip" + number;
  }

  /** Whether {@code address} is of this family. */
  public boolean matches(InetAddress address) {
    return this == IP4 ? address instanceof Inet4Address : address instanceof Inet6Address;
  }

  /** The family of {@code address}. */
  public static IpFamily of(InetAddress address) {
    return address instanceof Inet6Address ? IP6 : IP4;
  }

  /** The family named {@code ip4}/{@code ip6} (also {@code ipv4}, {@code 4}, ...). */
  public static IpFamily parse(String s) {
    return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "ip4", "ipv4", "4", "tcp4", "udp4" -> IP4;
      case "ip6", "ipv6", "6", "tcp6", "udp6" -> IP6;
      default -> throw new IllegalArgumentException("unknown IP protocol \"" + s + "\" (use ip4 or ip6)");
    };
  }
}
