package io.watchkeeper.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node with where it stands in its file, so configuration errors can name line and column.
 * Scalars keep their text; the binder converts them.
 */
public sealed interface YamlNode {
  /** 1-based line and column of the node's first character. */
  record Location(int line, int column) {}

  Location location();

  /** A human word for the node kind, for messages ("a map", "a list", "a string"). */
  String kind();

  /** A mapping; keys in file order, each with the location of the key. */
  record MapNode(Map<String, Entry> entries, Location location) implements YamlNode {
    public MapNode {
      entries = new LinkedHashMap<>(entries);
    }

    @Override
    public String kind() {
      return "a map";
    }
  }

  /** One key of a mapping and its value. */
  record Entry(String key, Location keyLocation, YamlNode value) {}

  /** A sequence. */
  record ListNode(List<YamlNode> items, Location location) implements YamlNode {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A scalar; {@code isNull} for {@code ~}, {@code null} or an empty value. */
  record Scalar(String text, boolean isNull, Location location) implements YamlNode {
    @Override
    public String kind() {
      return isNull ? "an empty value" : "a value";
    }
  }
}
