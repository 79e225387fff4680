package io.watchkeeper.probe.net;

import java.util.Objects;

/**
 * Which address of a host to connect to (blackbox_exporter's {@code preferred_ip_protocol} and
 * {@code ip_protocol_fallback}): the first of the preferred family; with fallback, the first of
 * the other family when the host has none of the preferred one.
 */
public record AddressPreference(IpFamily preferred, boolean fallback) {
  /** IPv4 first, IPv6 when the host has no IPv4 address. */
  public static final AddressPreference DEFAULT = new AddressPreference(IpFamily.IP4, true);

  public AddressPreference {
    Objects.requireNonNull(preferred, "preferred");
  }
}
