package io.watchkeeper.probe;

import java.util.Locale;

/** The kinds of monitor: the {@code type:} of a {@code monitors:} item. */
public enum MonitorType {
  HTTP,
  TCP,
  DNS,
  POSTGRES,
  REDIS,
  JOURNEY,
  GROUP;

  /** The configuration word: {@code http}, {@code tcp}, ... */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
