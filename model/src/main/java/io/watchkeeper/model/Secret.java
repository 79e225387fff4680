package io.watchkeeper.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A password, token or URL that must never be shown: {@link #toString()} prints {@code <secret>}.
 * Only the code that uses it calls {@link #reveal()}.
 */
public final class Secret {
  /** No secret configured. */
  public static final Secret EMPTY = new Secret("");

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return value.isEmpty() ? EMPTY : new Secret(value);
  }

  /** The secret itself, for the one place that sends it. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "" : "<secret>";
  }
}
