package io.watchkeeper.probe.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. The standard one asks the system ({@link
 * InetAddress#getAllByName}: hosts file, resolv.conf); tests map names to loopback. Implementations
 * are thread-safe.
 */
@FunctionalInterface
public interface AddressResolver {
  /** The system resolver. */
  AddressResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * Every address of {@code host} (an IP literal resolves to itself).
   *
   * @throws UnknownHostException if the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
