package io.watchkeeper.model;

import java.util.Objects;

/** One label pair. {@link Labels} holds a sorted set of them. */
public record Label(String name, String value) {
  public Label {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
