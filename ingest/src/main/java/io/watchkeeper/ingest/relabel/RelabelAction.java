package io.watchkeeper.ingest.relabel;

import java.util.Locale;
import java.util.Optional;

/** Relabelling actions, as Prometheus names them in {@code action:}. */
public enum RelabelAction {
  REPLACE,
  KEEP,
  DROP,
  KEEPEQUAL,
  DROPEQUAL,
  HASHMOD,
  LABELMAP,
  LABELDROP,
  LABELKEEP,
  LOWERCASE,
  UPPERCASE;

  /** The configuration spelling, e.g. {@code labelmap}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the configuration spelling (case-insensitive, as Prometheus). */
  public static Optional<RelabelAction> fromText(String s) {
    for (RelabelAction a : values()) {
      if (a.text().equalsIgnoreCase(s)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
