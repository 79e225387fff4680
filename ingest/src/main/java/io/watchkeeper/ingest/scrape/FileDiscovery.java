package io.watchkeeper.ingest.scrape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.watchkeeper.model.Labels;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code file_sd_configs}: target groups read from JSON or YAML files, as Prometheus' file
 * discovery reads them: a list of {@code {targets: [...], labels: {...}}}; each target also gets
 * {@code __meta_filepath}. Patterns may use {@code *}, {@code ?} and {@code [...]} in the last path
 * element. {@link #refresh()} re-reads files whose size or modification time changed; a file that
 * cannot be read or parsed keeps its previous targets, and the error is logged once per change.
 *
 * <p>Not thread-safe: called by the discovery thread (or a test) only.
 */
final class FileDiscovery {
  private static final Logger log = LoggerFactory.getLogger(FileDiscovery.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ScrapeConfig.FileSdConfig config;
  private final String job;
  /** Per file: what was read and when. */
  private final Map<Path, FileState> files = new LinkedHashMap<>();

  private record FileState(long modified, long size, List<TargetGroup> groups) {}

  FileDiscovery(String job, ScrapeConfig.FileSdConfig config) {
    this.job = Objects.requireNonNull(job, "job");
    this.config = Objects.requireNonNull(config, "config");
  }

  ScrapeConfig.FileSdConfig config() {
    return config;
  }

  /** The directories holding the configured files, to watch for changes. */
  List<Path> directories() {
    TreeSet<Path> dirs = new TreeSet<>();
    for (String pattern : config.files()) {
      Path parent = Path.of(pattern).toAbsolutePath().getParent();
      if (parent != null) {
        dirs.add(parent);
      }
    }
    return List.copyOf(dirs);
  }

  /** The current target groups of all files. */
  List<TargetGroup> groups() {
    List<TargetGroup> all = new ArrayList<>();
    for (FileState s : files.values()) {
      all.addAll(s.groups());
    }
    return all;
  }

  /** Re-reads new and changed files and forgets deleted ones; true if the groups changed. */
  boolean refresh() {
    List<Path> current = expand();
    boolean changed = false;
    Iterator<Map.Entry<Path, FileState>> it = files.entrySet().iterator();
    while (it.hasNext()) {
      if (!current.contains(it.next().getKey())) {
        it.remove();
        changed = true;
      }
    }
    for (Path p : current) {
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        changed |= files.remove(p) != null;
        continue;
      } catch (IOException e) {
        log.atWarn().addKeyValue("component", "discovery").addKeyValue("job", job).addKeyValue("file", p).setCause(e)
            .log("cannot read file_sd file");
        continue;
      }
      FileState old = files.get(p);
      long modified = attrs.lastModifiedTime().toMillis();
      if (old != null && old.modified() == modified && old.size() == attrs.size()) {
        continue;
      }
      List<TargetGroup> groups;
      try {
        groups = read(p);
      } catch (IOException | IllegalArgumentException e) {
        log.atWarn().addKeyValue("component", "discovery").addKeyValue("job", job).addKeyValue("file", p)
            .addKeyValue("error", e.getMessage()).log("cannot read file_sd file, keeping its previous targets");
        // Remember the attributes so the same broken content is not reported again.
        files.put(p, new FileState(modified, attrs.size(), old == null ? List.of() : old.groups()));
        continue;
      }
      files.put(p, new FileState(modified, attrs.size(), groups));
      changed |= old == null || !old.groups().equals(groups);
    }
    return changed;
  }

  /** The files matching the patterns now, sorted. */
  private List<Path> expand() {
    TreeSet<Path> out = new TreeSet<>();
    for (String pattern : config.files()) {
      Path p = Path.of(pattern).toAbsolutePath();
      Path dir = p.getParent();
      Path name = p.getFileName();
      if (dir == null || name == null) {
        continue;
      }
      String glob = name.toString();
      if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0 && glob.indexOf('[') < 0) {
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
        for (Path f : ds) {
          if (Files.isRegularFile(f)) {
            out.add(f);
          }
        }
      } catch (NoSuchFileException e) {
        // the directory does not exist (yet): no files
      } catch (IOException e) {
        log.atWarn().addKeyValue("component", "discovery").addKeyValue("job", job).addKeyValue("pattern", pattern).setCause(e)
            .log("cannot list file_sd directory");
      }
    }
    return List.copyOf(out);
  }

  /** Parses one file's target groups. */
  static List<TargetGroup> read(Path file) throws IOException {
    String name = Objects.toString(file.getFileName(), "").toLowerCase(Locale.ROOT);
    ObjectMapper mapper;
    if (name.endsWith(".json")) {
      mapper = JSON;
    } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
      mapper = YAML;
    } else {
      throw new IllegalArgumentException("file " + file + " has neither a .json, .yml nor .yaml extension");
    }
    JsonNode root;
    try {
      root = mapper.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot parse " + file + ": " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()), e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return List.of();
    }
    if (!root.isArray()) {
      throw new IllegalArgumentException(file + ": expected a list of target groups");
    }
    List<TargetGroup> groups = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      groups.add(group(file, i, root.get(i)));
    }
    return groups;
  }

  private static TargetGroup group(Path file, int index, JsonNode node) {
    String where = file + ": target group " + index;
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": expected a map with 'targets' and 'labels'");
    }
    Iterator<String> keys = node.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!k.equals("targets") && !k.equals("labels")) {
        throw new IllegalArgumentException(where + ": unknown key '" + k + "'");
      }
    }
    Labels.Builder labels = Labels.builder();
    JsonNode ls = node.get("labels");
    if (ls != null && !ls.isNull()) {
      if (!ls.isObject()) {
        throw new IllegalArgumentException(where + ": 'labels' must be a map");
      }
      for (Map.Entry<String, JsonNode> f : ls.properties()) {
        if (!Labels.isValidLabelName(f.getKey())) {
          throw new IllegalArgumentException(where + ": \"" + f.getKey() + "\" is not a valid label name");
        }
        if (!f.getValue().isValueNode()) {
          throw new IllegalArgumentException(where + ": label \"" + f.getKey() + "\" must have a string value");
        }
        labels.set(f.getKey(), f.getValue().asText());
      }
    }
    labels.set("__meta_filepath", file.toString());
    List<Labels> targets = new ArrayList<>();
    JsonNode ts = node.get("targets");
    if (ts != null && !ts.isNull()) {
      if (!ts.isArray()) {
        throw new IllegalArgumentException(where + ": 'targets' must be a list");
      }
      for (JsonNode t : ts) {
        if (!t.isValueNode() || t.asText().isEmpty()) {
          throw new IllegalArgumentException(where + ": targets must be non-empty strings");
        }
        targets.add(Labels.of(TargetBuilder.ADDRESS, t.asText()));
      }
    }
    return new TargetGroup(targets, labels.build(), file + ":" + index);
  }
}
