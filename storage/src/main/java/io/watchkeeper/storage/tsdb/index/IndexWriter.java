package io.watchkeeper.storage.tsdb.index;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.tsdb.encoding.Encbuf;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Writes a block's {@code index} file (layout: {@code storage/docs/format/index.md}). Series must
 * be added in label order; their ordinal is their id, so postings are in label order too. Series
 * entries go to the file as they come, in groups of {@value #GROUP} that each name where their
 * chunk records are and carry a CRC32C over them; labels are delta-coded against the previous
 * series of the group, which in sorted order mostly shares all but the last label or two. Symbols
 * and postings are kept in memory and written at the end. Not thread-safe.
 */
public final class IndexWriter implements AutoCloseable {
  /** Magic number at the start of the file: "WKIX". */
  public static final int MAGIC = 0x574b4958;
  public static final int VERSION = 1;
  /** Series per group: a lookup by id decodes at most this many entries. */
  public static final int GROUP = 16;
  /** TOC size at the end of the file. */
  public static final int TOC = 4 * 8 + 4 + 4;
  private static final long MAX_FILE = Integer.MAX_VALUE;

  private final Path path;
  private final FileChannel ch;
  private final CRC32C crc = new CRC32C();
  private final OutputStream out;
  private long written;
  private final Map<String, Integer> symbols = new HashMap<>();
  private final List<String> symbolList = new ArrayList<>();
  private final Map<String, Map<String, int[]>> postings = new HashMap<>();
  private final List<Long> groupOffsets = new ArrayList<>();
  private final List<Integer> groupFirstIds = new ArrayList<>();
  private final Encbuf group = new Encbuf(1024);
  private final Encbuf buf = new Encbuf(1 << 16);
  private Labels prev = Labels.EMPTY;
  private Labels lastAdded = Labels.EMPTY;
  private int inGroup;
  private int series;
  private int groupSegment;
  private long groupOffset;
  private long groupLength;
  private final CRC32C groupCrc = new CRC32C();

  public IndexWriter(Path path) throws IOException {
    this.path = path;
    this.ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
    buf.reset();
    buf.putBE32(MAGIC);
    buf.putByte(VERSION);
    emit(buf);
  }

  /** Number of series added. */
  public int series() {
    return series;
  }

  /**
   * Adds the next series (labels greater than the previous'), whose chunk record was written to
   * chunk segment {@code segment} at {@code offset}, {@code length} bytes long, with CRC32C taken
   * over {@code record[0, length)}.
   */
  public void add(Labels labels, int segment, long offset, byte[] record, int recordOff, int length) throws IOException {
    if (series > 0 && labels.compareTo(lastAdded) <= 0) {
      throw new IllegalArgumentException("BUG: series added out of order: " + labels + " after " + lastAdded);
    }
    if (inGroup > 0 && (segment != groupSegment || offset != groupOffset + groupLength)) {
      flushGroup(); // a group's records must be contiguous in one segment
    }
    if (inGroup == 0) {
      groupSegment = segment;
      groupOffset = offset;
      groupLength = 0;
      groupCrc.reset();
      group.reset();
      prev = Labels.EMPTY;
    }
    int shared = 0;
    while (shared < labels.size() && shared < prev.size()
        && labels.name(shared).equals(prev.name(shared)) && labels.value(shared).equals(prev.value(shared))) {
      shared++;
    }
    group.putUvarint(shared);
    group.putUvarint(labels.size() - shared);
    for (int i = shared; i < labels.size(); i++) {
      group.putUvarint(symbol(labels.name(i)));
      group.putUvarint(symbol(labels.value(i)));
    }
    group.putUvarint(length);
    groupCrc.update(record, recordOff, length);
    groupLength += length;
    for (int i = 0; i < labels.size(); i++) {
      addPosting(labels.name(i), labels.value(i), series);
    }
    prev = labels;
    lastAdded = labels;
    series++;
    if (++inGroup == GROUP) {
      flushGroup();
    }
  }

  private int symbol(String s) {
    Integer ref = symbols.get(s);
    if (ref == null) {
      ref = symbolList.size();
      symbols.put(s, ref);
      symbolList.add(s);
    }
    return ref;
  }

  private void addPosting(String name, String value, int id) {
    Map<String, int[]> values = postings.computeIfAbsent(name, k -> new HashMap<>());
    int[] l = values.get(value);
    if (l == null) {
      l = new int[] {1, id, 0, 0};
      values.put(value, l);
      return;
    }
    int n = l[0];
    if (n + 1 == l.length) {
      l = Arrays.copyOf(l, l.length + Math.max(4, l.length >>> 1));
      values.put(value, l);
    }
    l[n + 1] = id;
    l[0] = n + 1;
  }

  private void flushGroup() throws IOException {
    if (inGroup == 0) {
      return;
    }
    groupOffsets.add(written);
    groupFirstIds.add(series - inGroup);
    buf.reset();
    buf.putUvarint(groupSegment);
    buf.putUvarint(groupOffset);
    buf.putBE32((int) groupCrc.getValue());
    buf.putUvarint(groupLength);
    buf.putUvarint(inGroup);
    buf.putBytes(group.array(), 0, group.length());
    emit(buf);
    inGroup = 0;
  }

  /** Writes symbols, the label index, postings, the group table and the TOC; syncs and closes. */
  public void finish() throws IOException {
    flushGroup();
    long symbolsOff = written;
    buf.reset();
    buf.putUvarint(symbolList.size());
    for (String s : symbolList) {
      buf.putString(s);
      if (buf.length() > 1 << 16) {
        emit(buf);
      }
    }
    emit(buf);
    // Postings first in memory, to know each list's offset for the label index.
    Encbuf post = new Encbuf(1 << 16);
    Encbuf labelIndex = new Encbuf(1 << 12);
    TreeMap<String, Map<String, int[]>> names = new TreeMap<>(postings);
    labelIndex.putUvarint(names.size());
    for (Map.Entry<String, Map<String, int[]>> e : names.entrySet()) {
      labelIndex.putUvarint(symbols.get(e.getKey()));
      TreeMap<String, int[]> values = new TreeMap<>(e.getValue());
      labelIndex.putUvarint(values.size());
      for (Map.Entry<String, int[]> v : values.entrySet()) {
        int[] l = v.getValue();
        labelIndex.putUvarint(symbols.get(v.getKey()));
        labelIndex.putUvarint(post.length());
        labelIndex.putUvarint(l[0]);
        int prevId = 0;
        for (int i = 1; i <= l[0]; i++) {
          post.putUvarint(l[i] - prevId);
          prevId = l[i];
        }
      }
    }
    long labelIndexOff = written;
    emit(labelIndex);
    long postingsOff = written;
    emit(post);
    long groupTableOff = written;
    buf.reset();
    buf.putUvarint(series);
    buf.putUvarint(groupOffsets.size());
    for (int g = 0; g < groupOffsets.size(); g++) {
      buf.putBE32((int) (long) groupOffsets.get(g));
      buf.putBE32(groupFirstIds.get(g));
    }
    emit(buf);
    buf.reset();
    buf.putBE64(symbolsOff);
    buf.putBE64(labelIndexOff);
    buf.putBE64(postingsOff);
    buf.putBE64(groupTableOff);
    emit(buf);
    buf.reset();
    buf.putBE32((int) crc.getValue());
    buf.putBE32(MAGIC);
    out.write(buf.array(), 0, buf.length());
    written += buf.length();
    if (written > MAX_FILE) {
      throw new IOException("cannot write index " + path + ": " + written + " bytes exceeds the 2 GiB limit");
    }
    out.flush();
    ch.force(true);
    out.close();
  }

  private void emit(Encbuf b) throws IOException {
    out.write(b.array(), 0, b.length());
    crc.update(b.array(), 0, b.length());
    written += b.length();
    b.reset();
  }

  @Override
  public void close() throws IOException {
    if (ch.isOpen()) {
      out.close();
    }
  }
}
