package io.watchkeeper.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Reads YAML text into a {@link YamlNode} tree that remembers line and column of every node.
 * Duplicate keys are errors (as in Prometheus' YAML library). Anchors and aliases ({@code &a},
 * {@code *a}) are resolved, and merge keys ({@code <<: *a}) copy the keys the map does not set
 * itself. Only the first document is read. Not thread-safe; one instance per text.
 */
final class YamlTreeReader {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();
  private static final String MERGE_KEY = "<<";

  private final Map<String, YamlNode> anchors = new HashMap<>();
  /** Anchors on scalars by position ({@code line << 32 | column}): Jackson does not report those. */
  private final Map<Long, String> scalarAnchors;

  private YamlTreeReader(Map<Long, String> scalarAnchors) {
    this.scalarAnchors = scalarAnchors;
  }

  /** Anchors of scalar nodes, found with SnakeYAML's event parser (the one Jackson runs on). */
  private static Map<Long, String> scalarAnchors(String text) {
    if (text.indexOf('&') < 0) {
      return Map.of();
    }
    Map<Long, String> out = new HashMap<>();
    try {
      for (Event e : new Yaml().parse(new StringReader(text))) {
        if (e instanceof ScalarEvent s && s.getAnchor() != null) {
          out.put(position(s.getStartMark().getLine() + 1, s.getStartMark().getColumn() + 1), s.getAnchor());
        }
      }
    } catch (YAMLException e) {
      // a syntax error: the Jackson pass reports it with its position
    }
    return out;
  }

  private static long position(long line, long column) {
    return line << 32 | column;
  }

  /**
   * Parses {@code text}; {@code file} is only used in messages.
   *
   * @throws ConfigException with one {@code file:line:column: message} problem on a syntax error
   */
  static YamlNode read(String file, String text) throws ConfigException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new YamlNode.MapNode(Map.of(), new YamlNode.Location(1, 1));
      }
      return new YamlTreeReader(scalarAnchors(text)).readValue(file, p);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? file : file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
      throw new ConfigException(List.of(where + ": cannot parse YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read YAML: " + e.getMessage()));
    }
  }

  private static YamlNode.Location location(JsonParser p) {
    JsonLocation l = p.currentTokenLocation();
    return new YamlNode.Location(l.getLineNr(), l.getColumnNr());
  }

  private YamlNode readValue(String file, JsonParser p) throws IOException, ConfigException {
    YamlNode.Location loc = location(p);
    JsonToken t = p.currentToken();
    if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
      YamlNode target = anchors.get(p.getText());
      if (target == null) {
        throw new ConfigException(List.of(file + ":" + loc.line() + ":" + loc.column() + ": unknown anchor \""
            + p.getText() + "\" referenced"));
      }
      return target;
    }
    String anchor = p instanceof YAMLParser yp ? yp.getObjectId() : null;
    if (anchor == null && t.isScalarValue()) {
      anchor = scalarAnchors.get(position(loc.line(), loc.column()));
    }
    YamlNode node = switch (t) {
      case START_OBJECT -> readMap(file, p, loc);
      case START_ARRAY -> readList(file, p, loc);
      case VALUE_NULL -> new YamlNode.Scalar("", true, loc);
      default -> new YamlNode.Scalar(p.getText(), false, loc);
    };
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private YamlNode readMap(String file, JsonParser p, YamlNode.Location loc) throws IOException, ConfigException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    List<YamlNode.Entry> merged = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      YamlNode.Location keyLoc = location(p);
      p.nextToken();
      YamlNode value = readValue(file, p);
      if (key.equals(MERGE_KEY)) {
        merged.addAll(mergeEntries(file, value));
        continue;
      }
      if (entries.containsKey(key)) {
        throw new ConfigException(List.of(file + ":" + keyLoc.line() + ":" + keyLoc.column()
            + ": key \"" + key + "\" already defined at line " + entries.get(key).keyLocation().line()));
      }
      entries.put(key, new YamlNode.Entry(key, keyLoc, value));
    }
    for (YamlNode.Entry e : merged) {
      entries.putIfAbsent(e.key(), e);
    }
    return new YamlNode.MapNode(entries, loc);
  }

  /** The entries a merge key brings in: of one map, or of a list of maps (earlier ones win). */
  private static List<YamlNode.Entry> mergeEntries(String file, YamlNode value) throws ConfigException {
    List<YamlNode.Entry> out = new ArrayList<>();
    List<YamlNode> sources = value instanceof YamlNode.ListNode l ? l.items() : List.of(value);
    for (YamlNode src : sources) {
      if (!(src instanceof YamlNode.MapNode m)) {
        throw new ConfigException(List.of(file + ":" + src.location().line() + ":" + src.location().column()
            + ": map merge requires map or sequence of maps as the value"));
      }
      out.addAll(m.entries().values());
    }
    return out;
  }

  private YamlNode readList(String file, JsonParser p, YamlNode.Location loc) throws IOException, ConfigException {
    List<YamlNode> items = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      items.add(readValue(file, p));
    }
    return new YamlNode.ListNode(items, loc);
  }
}
