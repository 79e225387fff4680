package io.watchkeeper.ingest.textformat;

/** What {@link Parser#next()} found: one line of the exposition (Prometheus {@code textparse.Entry}). */
public enum Entry {
  /** A sample line: read it with {@link Parser#value()}, {@link Parser#labels}, {@link Parser#seriesHash()}. */
  SERIES,
  /** {@code # HELP name text}: {@link Parser#metricName()} and {@link Parser#help()}. */
  HELP,
  /** {@code # TYPE name type}: {@link Parser#metricName()} and {@link Parser#type()}. */
  TYPE,
  /** {@code # UNIT name unit} (OpenMetrics only): {@link Parser#metricName()} and {@link Parser#unit()}. */
  UNIT,
  /** Any other comment line (Prometheus text only): {@link Parser#comment()}. */
  COMMENT,
  /** The end of the input ({@code # EOF} in OpenMetrics); every later call returns it again. */
  EOF
}
