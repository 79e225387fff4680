package io.watchkeeper.probe.net;

import java.util.Objects;

/** One HTTP header field as sent or received. */
public record Header(String name, String value) {
  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || !name.chars().allMatch(Header::isTokenChar)) {
      throw new IllegalArgumentException("invalid header name \"" + name + "\"");
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header " + name + " has a line break in its value");
    }
  }

  /** RFC 9110 {@code tchar}. */
  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Whether this header is called {@code other} (case-insensitive). */
  public boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }
}
