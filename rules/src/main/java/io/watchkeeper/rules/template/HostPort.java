package io.watchkeeper.rules.template;

import java.util.Optional;

/**
 * Go's {@code net.SplitHostPort}, {@code net.JoinHostPort} and {@code net.ParseIP} as far as the
 * template functions {@code stripPort} and {@code stripDomain} need them. Stateless.
 */
final class HostPort {
  private HostPort() {}

  private record Split(String host, String port) {}

  /** {@code net.SplitHostPort}; empty when Go would return an error. */
  private static Optional<Split> split(String hostPort) {
    int i = hostPort.lastIndexOf(':');
    if (i < 0) {
      return Optional.empty();
    }
    String host;
    int j = 0;
    int k = 0;
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      if (end < 0 || end + 1 == hostPort.length() || end + 1 != i) {
        return Optional.empty();
      }
      host = hostPort.substring(1, end);
      j = 1;
      k = end + 1;
    } else {
      host = hostPort.substring(0, i);
      if (host.indexOf(':') >= 0) {
        return Optional.empty();
      }
    }
    if (hostPort.indexOf('[', j) >= 0 || hostPort.indexOf(']', k) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new Split(host, hostPort.substring(i + 1)));
  }

  /** The host of {@code host:port}, or the input when it has no port. */
  static String stripPort(String hostPort) {
    return split(hostPort).map(Split::host).orElse(hostPort);
  }

  /** Removes the domain of a host name, keeping a port; IP addresses stay as they are. */
  static String stripDomain(String hostPort) {
    Optional<Split> s = split(hostPort);
    String host = s.map(Split::host).orElse(hostPort);
    if (isIp(host)) {
      return hostPort;
    }
    int dot = host.indexOf('.');
    String shortHost = dot < 0 ? host : host.substring(0, dot);
    String port = s.map(Split::port).orElse("");
    if (!port.isEmpty()) {
      return shortHost.indexOf(':') >= 0 ? "[" + shortHost + "]:" + port : shortHost + ":" + port;
    }
    return shortHost;
  }

  /** Whether {@code s} is an IPv4 or IPv6 address in Go's {@code net.ParseIP} syntax. */
  static boolean isIp(String s) {
    if (s.indexOf(':') >= 0) {
      return isIpv6(s);
    }
    return isIpv4(s);
  }

  private static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
          || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String s) {
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String[] groups = s.split(":", -1);
    int count = 0;
    for (int g = 0; g < groups.length; g++) {
      String p = groups[g];
      if (p.isEmpty()) {
        continue;
      }
      if (g == groups.length - 1 && p.indexOf('.') >= 0) {
        if (!isIpv4(p)) {
          return false;
        }
        count += 2;
        continue;
      }
      if (p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return false;
      }
      count++;
    }
    return doubleColon >= 0 ? count < 8 : count == 8;
  }
}
