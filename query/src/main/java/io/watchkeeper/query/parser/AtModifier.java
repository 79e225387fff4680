package io.watchkeeper.query.parser;

/**
 * The {@code @} modifier of a selector or subquery: none, a fixed timestamp, {@code start()} or
 * {@code end()}.
 */
public record AtModifier(Kind kind, long timestampMillis) {
  /** Which form the modifier has. */
  public enum Kind {
    NONE,
    TIMESTAMP,
    START,
    END
  }

  public static final AtModifier NONE = new AtModifier(Kind.NONE, 0);
  public static final AtModifier START = new AtModifier(Kind.START, 0);
  public static final AtModifier END = new AtModifier(Kind.END, 0);

  /** {@code @ <seconds>}, given in milliseconds. */
  public static AtModifier at(long timestampMillis) {
    return new AtModifier(Kind.TIMESTAMP, timestampMillis);
  }

  public boolean isPresent() {
    return kind != Kind.NONE;
  }
}
