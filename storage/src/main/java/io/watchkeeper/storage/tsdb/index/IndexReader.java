package io.watchkeeper.storage.tsdb.index;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.tsdb.encoding.CorruptDataException;
import io.watchkeeper.storage.tsdb.encoding.Decbuf;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

/**
 * Reads a block's {@code index} file, memory-mapped. Symbols, the label index and the group table
 * are loaded at open (and the whole file's CRC32C checked); series entries and postings are decoded
 * from the mapping on demand. Thread-safe: shared state is immutable; per-reader decoding state
 * lives in {@link Cursor}.
 */
public final class IndexReader implements IndexView {
  private final Path path;
  private final MappedByteBuffer map;
  private final String[] symbols;
  private final Map<String, NameEntry> labels;
  private final List<String> names;
  private final int[] groupOffsets;
  private final int[] groupFirstIds;
  private final int groupsEnd;
  private final int longestGroup; // bytes: a cursor's buffer holds any group
  private final int numSeries;
  private final int postingsOff;
  private final int groupTableOff;

  private record NameEntry(String[] values, int[] offsets, int[] counts) {}

  private IndexReader(Path path, MappedByteBuffer map, UnaryOperator<String> intern) {
    this.path = path;
    this.map = map;
    int size = map.capacity();
    if (size < 5 + IndexWriter.TOC || map.getInt(0) != IndexWriter.MAGIC) {
      throw new CorruptDataException("not an index file: " + path);
    }
    if (map.get(4) != IndexWriter.VERSION) {
      throw new CorruptDataException("unsupported index version " + map.get(4) + " in " + path);
    }
    int tocAt = size - IndexWriter.TOC;
    if (map.getInt(size - 4) != IndexWriter.MAGIC) {
      throw new CorruptDataException("index " + path + " has no table of contents (cut short?)");
    }
    CRC32C crc = new CRC32C();
    crc.update(map.slice(0, tocAt + 32));
    if ((int) crc.getValue() != map.getInt(size - 8)) {
      throw new CorruptDataException("index " + path + " fails its checksum");
    }
    int symbolsOff = (int) map.getLong(tocAt);
    int labelIndexOff = (int) map.getLong(tocAt + 8);
    this.postingsOff = (int) map.getLong(tocAt + 16);
    this.groupTableOff = (int) map.getLong(tocAt + 24);

    Decbuf d = new Decbuf(copy(symbolsOff, labelIndexOff - symbolsOff), 0, labelIndexOff - symbolsOff);
    symbols = new String[d.getUvarint32()];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = intern.apply(d.getString());
    }
    d = new Decbuf(copy(labelIndexOff, postingsOff - labelIndexOff), 0, postingsOff - labelIndexOff);
    int nNames = d.getUvarint32();
    labels = new HashMap<>(nNames * 2);
    String[] nameArr = new String[nNames];
    for (int i = 0; i < nNames; i++) {
      String name = symbol(d.getUvarint32());
      int nValues = d.getUvarint32();
      String[] values = new String[nValues];
      int[] offsets = new int[nValues];
      int[] counts = new int[nValues];
      for (int j = 0; j < nValues; j++) {
        values[j] = symbol(d.getUvarint32());
        offsets[j] = d.getUvarint32();
        counts[j] = d.getUvarint32();
      }
      labels.put(name, new NameEntry(values, offsets, counts));
      nameArr[i] = name;
    }
    names = List.of(nameArr);
    d = new Decbuf(copy(groupTableOff, tocAt - groupTableOff), 0, tocAt - groupTableOff);
    numSeries = d.getUvarint32();
    groupOffsets = new int[d.getUvarint32()];
    groupFirstIds = new int[groupOffsets.length + 1];
    for (int i = 0; i < groupOffsets.length; i++) {
      groupOffsets[i] = d.getBE32();
      groupFirstIds[i] = d.getBE32();
    }
    groupFirstIds[groupOffsets.length] = numSeries; // where a group after the last would start
    groupsEnd = symbolsOff; // the symbols section follows the last group
    int longest = 0;
    for (int g = 0; g < groupOffsets.length; g++) {
      int len = groupEnd(g) - groupOffsets[g];
      if (groupOffsets[g] < 0 || len < 0) {
        throw new CorruptDataException("index " + path + ": series group " + g + " out of bounds");
      }
      longest = Math.max(longest, len);
    }
    longestGroup = longest;
  }

  private int groupEnd(int g) {
    return g + 1 < groupOffsets.length ? groupOffsets[g + 1] : groupsEnd;
  }

  /** Opens and checks an index file. */
  public static IndexReader open(Path path, UnaryOperator<String> intern) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new IOException("cannot open index " + path + ": larger than 2 GiB");
      }
      return new IndexReader(path, ch.map(FileChannel.MapMode.READ_ONLY, 0, size), intern);
    }
  }

  private byte[] copy(int off, int len) {
    if (off < 0 || len < 0 || off + len > map.capacity()) {
      throw new CorruptDataException("index " + path + ": section out of bounds");
    }
    byte[] b = new byte[len];
    map.get(off, b, 0, len);
    return b;
  }

  private String symbol(int ref) {
    if (ref < 0 || ref >= symbols.length) {
      throw new CorruptDataException("index " + path + ": symbol " + ref + " out of range");
    }
    return symbols[ref];
  }

  public int numSeries() {
    return numSeries;
  }

  /** Bytes of the index file. */
  public long sizeBytes() {
    return map.capacity();
  }

  @Override
  public List<String> labelNames() {
    return names;
  }

  @Override
  public List<String> labelValues(String name) {
    NameEntry e = labels.get(name);
    return e == null ? List.of() : Arrays.asList(e.values);
  }

  @Override
  public int[] postings(String name, String value) {
    NameEntry e = labels.get(name);
    if (e == null) {
      return Postings.EMPTY;
    }
    int i = Arrays.binarySearch(e.values, value);
    if (i < 0) {
      return Postings.EMPTY;
    }
    return decodePostings(e.offsets[i], e.counts[i]);
  }

  private int[] decodePostings(int off, int count) {
    int[] out = new int[count];
    int p = postingsOff + off;
    int id = 0;
    for (int i = 0; i < count; i++) {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        int b = map.get(p++);
        v |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          break;
        }
      }
      id += (int) v;
      out[i] = id;
    }
    return out;
  }

  @Override
  public int[] allPostings() {
    int[] all = new int[numSeries];
    for (int i = 0; i < numSeries; i++) {
      all[i] = i;
    }
    return all;
  }

  /** Decoding state for reading series entries; one per thread. */
  public Cursor cursor() {
    return new Cursor();
  }

  /** A series entry: labels and where its chunk record is. */
  public record SeriesEntry(Labels labels, int segment, long offset, int length) {}

  /** A group in the chunk files: where its records are and their CRC32C. */
  public record GroupSpan(int segment, long offset, long length, int crc) {}

  /** Reads series entries, decoding each group once for consecutive ids. Not thread-safe. */
  public final class Cursor {
    private int group = -1;
    private final Labels[] groupLabels = new Labels[IndexWriter.GROUP];
    private final long[] recordOffsets = new long[IndexWriter.GROUP];
    private final int[] recordLengths = new int[IndexWriter.GROUP];
    private int groupSegment;
    private long groupOffset;
    private long groupLength;
    private int groupCrc;
    private int groupSize;
    private final byte[] scratch = new byte[longestGroup];

    private Cursor() {}

    /** The entry of series {@code id}. */
    public SeriesEntry series(int id) {
      load(groupOf(id));
      int k = id - firstId(group);
      if (k < 0 || k >= groupSize) {
        throw new CorruptDataException("index " + path + ": series " + id + " not in its group");
      }
      return new SeriesEntry(groupLabels[k], groupSegment, recordOffsets[k], recordLengths[k]);
    }

    /** The chunk span of the group holding series {@code id}, for checking its CRC. */
    public GroupSpan groupSpan(int id) {
      load(groupOf(id));
      return new GroupSpan(groupSegment, groupOffset, groupLength, groupCrc);
    }

    private int groupOf(int id) {
      if (id < 0 || id >= numSeries) {
        throw new IllegalArgumentException("BUG: series " + id + " not in index " + path);
      }
      // A postings list read in order stays in the loaded group or moves to the next one. Else a
      // binary search on first ids (groups hold GROUP series except where a chunk segment boundary
      // cut one short, so id / GROUP is only a guess): every query takes it for its first series,
      // so compiled code never meets it as a surprise.
      if (group >= 0) {
        if (holds(group, id)) {
          return group;
        }
        if (holds(group + 1, id)) {
          return group + 1;
        }
      }
      int lo = 0;
      int hi = groupOffsets.length - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (firstId(mid) <= id) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo;
    }

    /**
     * Whether group {@code g} (at most one past the last) holds series {@code id}; the same
     * comparisons for the last group as for the others.
     */
    private boolean holds(int g, int id) {
      return firstId(g) <= id && firstId(g + 1) > id;
    }

    private void load(int g) {
      if (g == group) {
        return;
      }
      int start = groupOffsets[g];
      int len = groupEnd(g) - start;
      map.get(start, scratch, 0, len);
      Decbuf d = new Decbuf(scratch, 0, len);
      groupSegment = d.getUvarint32();
      groupOffset = d.getUvarint();
      groupCrc = d.getBE32();
      groupLength = d.getUvarint();
      groupSize = d.getUvarint32();
      Labels prev = Labels.EMPTY;
      long off = groupOffset;
      Labels.Builder b = Labels.builder();
      for (int k = 0; k < groupSize; k++) {
        int shared = d.getUvarint32();
        int added = d.getUvarint32();
        b.clear();
        for (int i = 0; i < shared; i++) {
          b.set(prev.name(i), prev.value(i));
        }
        for (int i = 0; i < added; i++) {
          String name = symbol(d.getUvarint32());
          b.set(name, symbol(d.getUvarint32()));
        }
        Labels l = b.build();
        int rl = d.getUvarint32();
        groupLabels[k] = l;
        recordOffsets[k] = off;
        recordLengths[k] = rl;
        off += rl;
        prev = l;
      }
      group = g;
    }
  }

  private int firstId(int g) {
    return groupFirstIds[g];
  }
}
