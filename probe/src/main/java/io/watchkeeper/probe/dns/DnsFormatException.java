package io.watchkeeper.probe.dns;

import java.io.IOException;

/** Bytes that are not a well-formed DNS message. */
public final class DnsFormatException extends IOException {
  public DnsFormatException(String message) {
    super(message);
  }
}
