package io.watchkeeper.storage.tsdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A block's {@code meta.json} (format: {@code storage/docs/format/meta.md}).
 *
 * @param id the block's ULID, also its directory name
 * @param minTime first timestamp the block may hold, inclusive
 * @param maxTime end of the block's range, exclusive
 * @param numSeries series in the block
 * @param numChunks chunks in the block
 * @param numSamples samples in the block
 * @param level 1 for a block written from the head, one more than its highest parent for a merge
 * @param sources ids of the level-1 blocks whose data this one holds
 * @param parents ids of the blocks merged into this one; on open, blocks listed here are deleted
 *     (a crash between writing a merged block and deleting its parents leaves both)
 * @param headMaxTime end of the in-order head range this block persists (exclusive), or {@link
 *     Long#MIN_VALUE} for blocks of out-of-order data only; the head rejects in-order samples before
 *     the highest of these
 * @param outOfOrder whether the block was written from out-of-order samples
 */
record BlockMeta(
    String id,
    long minTime,
    long maxTime,
    long numSeries,
    long numChunks,
    long numSamples,
    int level,
    List<String> sources,
    List<String> parents,
    long headMaxTime,
    boolean outOfOrder) {
  static final String FILE = "meta.json";
  static final int VERSION = 1;

  BlockMeta {
    sources = List.copyOf(sources);
    parents = List.copyOf(parents);
  }

  boolean overlaps(long mint, long maxtInclusive) {
    return minTime <= maxtInclusive && maxTime > mint;
  }

  void write(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"version\": ").append(VERSION).append(",\n");
    sb.append("  \"ulid\": ");
    Json.quote(sb, id);
    sb.append(",\n  \"minTime\": ").append(minTime);
    sb.append(",\n  \"maxTime\": ").append(maxTime);
    sb.append(",\n  \"stats\": {\"numSamples\": ").append(numSamples)
        .append(", \"numSeries\": ").append(numSeries)
        .append(", \"numChunks\": ").append(numChunks).append("}");
    sb.append(",\n  \"compaction\": {\"level\": ").append(level).append(", \"sources\": ");
    list(sb, sources);
    sb.append(", \"parents\": ");
    list(sb, parents);
    sb.append("}");
    sb.append(",\n  \"headMaxTime\": ").append(headMaxTime);
    sb.append(",\n  \"outOfOrder\": ").append(outOfOrder);
    sb.append("\n}\n");
    Files.writeString(dir.resolve(FILE), sb.toString(), StandardCharsets.UTF_8);
  }

  private static void list(StringBuilder sb, List<String> ids) {
    sb.append('[');
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Json.quote(sb, ids.get(i));
    }
    sb.append(']');
  }

  @SuppressWarnings("unchecked")
  static BlockMeta read(Path dir) throws IOException {
    String text = Files.readString(dir.resolve(FILE), StandardCharsets.UTF_8);
    try {
      Map<String, Object> m = (Map<String, Object>) Json.parse(text);
      long version = (Long) m.get("version");
      if (version != VERSION) {
        throw new IOException("unsupported block meta version " + version + " in " + dir);
      }
      Map<String, Object> stats = (Map<String, Object>) m.get("stats");
      Map<String, Object> comp = (Map<String, Object>) m.get("compaction");
      return new BlockMeta(
          (String) m.get("ulid"),
          (Long) m.get("minTime"),
          (Long) m.get("maxTime"),
          (Long) stats.get("numSeries"),
          (Long) stats.get("numChunks"),
          (Long) stats.get("numSamples"),
          ((Long) comp.get("level")).intValue(),
          strings(comp.get("sources")),
          strings(comp.get("parents")),
          (Long) m.get("headMaxTime"),
          (Boolean) m.get("outOfOrder"));
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new IOException("cannot read block meta " + dir.resolve(FILE) + ": malformed", e);
    }
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    for (Object x : (List<?>) o) {
      out.add((String) x);
    }
    return out;
  }
}
