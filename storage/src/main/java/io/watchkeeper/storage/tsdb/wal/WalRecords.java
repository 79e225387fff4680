package io.watchkeeper.storage.tsdb.wal;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.tsdb.encoding.CorruptDataException;
import io.watchkeeper.storage.tsdb.encoding.Decbuf;
import io.watchkeeper.storage.tsdb.encoding.Encbuf;
import java.util.function.UnaryOperator;

/**
 * Encodings of the WAL's record payloads (layout: {@code storage/docs/format/wal.md}). The first
 * byte is the record type. Stateless.
 */
public final class WalRecords {
  /** New series: entries of id and labels. */
  public static final byte SERIES = 1;
  /** Samples appended in order to their series' head chunks. */
  public static final byte SAMPLES = 2;
  /** Samples that went to the out-of-order head. */
  public static final byte OOO_SAMPLES = 3;
  /**
   * Marker: a compaction took every out-of-order sample logged so far (moved them from the
   * series' out-of-order head to its compacting slot).
   */
  public static final byte OOO_DETACH = 4;
  /** Marker: the samples taken at the last {@link #OOO_DETACH} are persisted in blocks. */
  public static final byte OOO_COMPACTED = 5;

  private WalRecords() {}

  /** Receives decoded samples; called once per sample, in record order. */
  @FunctionalInterface
  public interface SampleSink {
    void sample(int seriesId, long t, double v);
  }

  /** Receives decoded series. */
  @FunctionalInterface
  public interface SeriesSink {
    void series(int seriesId, Labels labels);
  }

  /** Appends one series entry (for {@link Wal#logSeries}): its byte length, id and labels. */
  public static void encodeSeries(Encbuf out, Encbuf scratch, int id, Labels labels) {
    scratch.reset();
    scratch.putUvarint(id);
    scratch.putUvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      scratch.putString(labels.name(i));
      scratch.putString(labels.value(i));
    }
    out.putUvarint(scratch.length());
    out.putBytes(scratch.array(), 0, scratch.length());
  }

  /** End of the longest run of whole series entries from {@code from} within {@code limit} bytes. */
  static int seriesBatchEnd(byte[] b, int from, int end, int limit) {
    Decbuf d = new Decbuf(b, from, end - from);
    int last = from;
    while (d.remaining() > 0) {
      int n = d.getUvarint32();
      int next = d.position() + n;
      if (next - from > limit && last > from) {
        return last;
      }
      d.position(next);
      last = next;
    }
    return last;
  }

  /** Decodes a series record (type byte included); {@code intern} dedupes label strings. */
  public static void decodeSeries(byte[] b, int off, int len, UnaryOperator<String> intern, SeriesSink sink) {
    Decbuf d = new Decbuf(b, off, len);
    if (d.getByte() != SERIES) {
      throw new CorruptDataException("not a series record");
    }
    Labels.Builder lb = Labels.builder();
    while (d.remaining() > 0) {
      int n = d.getUvarint32();
      int next = d.position() + n;
      int id = d.getUvarint32();
      int count = d.getUvarint32();
      lb.clear();
      for (int i = 0; i < count; i++) {
        String name = intern.apply(d.getString());
        lb.set(name, intern.apply(d.getString()));
      }
      d.position(next);
      sink.series(id, lb.build());
    }
  }

  /**
   * Encodes samples as a record of {@code type} ({@link #SAMPLES} or {@link #OOO_SAMPLES}): a count,
   * a base id and time, then per sample the id and time as signed deltas and the value. Integral
   * values below 2^53 take a varint; others 9 bytes.
   */
  public static void encodeSamples(Encbuf out, byte type, int[] ids, long[] ts, double[] vs, int from, int to) {
    out.putByte(type);
    out.putUvarint(to - from);
    if (to == from) {
      return;
    }
    long baseT = ts[from];
    int prevId = ids[from];
    out.putUvarint(prevId);
    out.putVarint(baseT);
    for (int i = from; i < to; i++) {
      out.putVarint((long) ids[i] - prevId);
      prevId = ids[i];
      out.putVarint(ts[i] - baseT);
      putValue(out, vs[i]);
    }
  }

  private static void putValue(Encbuf out, double v) {
    long m = (long) v;
    if (m == v && Math.abs(m) < (1L << 53) && (m != 0 || Double.doubleToRawLongBits(v) == 0)) {
      out.putUvarint(((m << 1) ^ (m >> 63)) << 1); // low bit 0: an integer follows
    } else {
      out.putByte(1); // low bit 1: the raw bits follow
      out.putBE64(Double.doubleToRawLongBits(v));
    }
  }

  /** Decodes a samples record (either type; type byte included). */
  public static void decodeSamples(byte[] b, int off, int len, SampleSink sink) {
    Decbuf d = new Decbuf(b, off, len);
    int type = d.getByte();
    if (type != SAMPLES && type != OOO_SAMPLES) {
      throw new CorruptDataException("not a samples record: type " + type);
    }
    int count = d.getUvarint32();
    if (count == 0) {
      return;
    }
    long id = d.getUvarint32();
    long baseT = d.getVarint();
    for (int i = 0; i < count; i++) {
      id += d.getVarint();
      if (id < 0 || id > Integer.MAX_VALUE) {
        throw new CorruptDataException("series id " + id + " out of range");
      }
      long t = baseT + d.getVarint();
      double v;
      long u = d.getUvarint();
      if ((u & 1) == 0) {
        long z = u >>> 1;
        v = (double) ((z >>> 1) ^ -(z & 1));
      } else {
        if (u != 1) {
          throw new CorruptDataException("bad value tag " + u);
        }
        v = Double.longBitsToDouble(d.getBE64());
      }
      sink.sample((int) id, t, v);
    }
  }
}
