package io.watchkeeper.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a {@link YamlNode} tree that remembers line and column of every node.
 * Duplicate keys are errors (as in Prometheus' YAML library). Only the first document is read.
 */
final class YamlTreeReader {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private YamlTreeReader() {}

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
      return readValue(file, p);
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

  private static YamlNode readValue(String file, JsonParser p) throws IOException, ConfigException {
    YamlNode.Location loc = location(p);
    JsonToken t = p.currentToken();
    return switch (t) {
      case START_OBJECT -> readMap(file, p, loc);
      case START_ARRAY -> readList(file, p, loc);
      case VALUE_NULL -> new YamlNode.Scalar("", true, loc);
      default -> new YamlNode.Scalar(p.getText(), false, loc);
    };
  }

  private static YamlNode readMap(String file, JsonParser p, YamlNode.Location loc)
      throws IOException, ConfigException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      YamlNode.Location keyLoc = location(p);
      p.nextToken();
      YamlNode value = readValue(file, p);
      if (entries.containsKey(key)) {
        throw new ConfigException(List.of(file + ":" + keyLoc.line() + ":" + keyLoc.column()
            + ": key \"" + key + "\" already defined at line " + entries.get(key).keyLocation().line()));
      }
      entries.put(key, new YamlNode.Entry(key, keyLoc, value));
    }
    return new YamlNode.MapNode(entries, loc);
  }

  private static YamlNode readList(String file, JsonParser p, YamlNode.Location loc)
      throws IOException, ConfigException {
    List<YamlNode> items = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      items.add(readValue(file, p));
    }
    return new YamlNode.ListNode(items, loc);
  }
}
