package io.watchkeeper.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A native histogram sample with float counts (Prometheus {@code histogram.FloatHistogram}):
 * schema, zero bucket, count, sum, positive and negative buckets and a counter-reset hint.
 * Immutable; accessors return copies.
 *
 * <p><b>Buckets.</b> For an exponential schema (−4…8), {@code base = 2^(2^-schema)} and positive
 * bucket {@code i} covers {@code (base^(i-1), base^i]}; negative bucket {@code i} mirrors it on the
 * negative axis; the zero bucket covers {@code [-zeroThreshold, zeroThreshold]}. Schema {@link
 * #CUSTOM_BUCKETS_SCHEMA} (−53) uses {@code customValues} as upper bounds: positive bucket {@code
 * i} (from 0) covers {@code (customValues[i-1], customValues[i]]}, the last one up to +Inf. Counts
 * are absolute, not deltas.
 *
 * <p><b>Layout.</b> Each side holds one span: the index of its first bucket ({@code offset}) and
 * the counts of consecutive buckets from there, zeros allowed. Prometheus' list of spans describes
 * the same buckets with the gaps left out; a gap is a zero bucket here. The constructor trims
 * zero buckets at both ends, so equal histograms have equal layouts.
 *
 * <p><b>Text form.</b> {@link #toString()} is Prometheus' test expression ({@code
 * FloatHistogram.TestExpression}, which {@code promtool test rules} compares): {@code {{schema:1
 * count:32.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 counter_reset_hint:not_reset offset:-3
 * buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}}, in that order, fields that are zero (and
 * an unknown hint) left out, numbers as Go's {@code %g}.
 */
public final class FloatHistogram {
  /** The schema of histograms with custom bucket bounds (classic buckets as a native histogram). */
  public static final int CUSTOM_BUCKETS_SCHEMA = -53;

  private static final double[] NONE = new double[0];

  /** What the producer says about a counter reset before this sample (Prometheus' hint). */
  public enum CounterResetHint {
    /** Nothing is known: the reader decides by comparing with the previous sample. */
    UNKNOWN("unknown"),
    /** The counter was reset before this sample. */
    RESET("reset"),
    /** The counter was not reset since the previous sample. */
    NOT_RESET("not_reset"),
    /** A gauge histogram: counts may go up and down, there are no resets. */
    GAUGE("gauge");

    private final String text;

    CounterResetHint(String text) {
      this.text = text;
    }

    /** The name in the text form ({@code counter_reset_hint:not_reset}). */
    public String text() {
      return text;
    }

    /** The hint named {@code text} in the text form. */
    public static CounterResetHint fromText(String text) {
      for (CounterResetHint h : values()) {
        if (h.text.equals(text)) {
          return h;
        }
      }
      throw new IllegalArgumentException("unknown counter reset hint \"" + text + "\" (expected unknown, reset, not_reset or gauge)");
    }
  }

  private final CounterResetHint counterResetHint;
  private final int schema;
  private final double zeroThreshold;
  private final double zeroCount;
  private final double count;
  private final double sum;
  private final int positiveOffset;
  private final double[] positiveBuckets;
  private final int negativeOffset;
  private final double[] negativeBuckets;
  private final double[] customValues;

  /**
   * A histogram; see the class comment for the meaning of the fields. Zero buckets at either end
   * of a side are dropped (and the offset moved), so the layout is canonical.
   *
   * @throws IllegalArgumentException for a schema outside −4…8 and −53, custom values with
   *     another schema, or a custom-bucket histogram with negative buckets or a zero bucket
   */
  public FloatHistogram(
      CounterResetHint counterResetHint,
      int schema,
      double zeroThreshold,
      double zeroCount,
      double count,
      double sum,
      int positiveOffset,
      double[] positiveBuckets,
      int negativeOffset,
      double[] negativeBuckets,
      double[] customValues) {
    this.counterResetHint = Objects.requireNonNull(counterResetHint, "counterResetHint");
    if (schema != CUSTOM_BUCKETS_SCHEMA && (schema < -4 || schema > 8)) {
      throw new IllegalArgumentException("histogram schema must be -4…8 or -53, got " + schema);
    }
    if (schema == CUSTOM_BUCKETS_SCHEMA) {
      if (negativeBuckets.length > 0 || zeroCount != 0 || zeroThreshold != 0) {
        throw new IllegalArgumentException("a histogram with custom buckets (schema -53) has no negative or zero buckets");
      }
    } else if (customValues.length > 0) {
      throw new IllegalArgumentException("custom_values need schema -53, got schema " + schema);
    }
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.zeroCount = zeroCount;
    this.count = count;
    this.sum = sum;
    int pFrom = firstNonZero(positiveBuckets);
    this.positiveOffset = pFrom == positiveBuckets.length ? 0 : positiveOffset + pFrom;
    this.positiveBuckets = Arrays.copyOfRange(positiveBuckets, pFrom, lastNonZero(positiveBuckets) + 1);
    int nFrom = firstNonZero(negativeBuckets);
    this.negativeOffset = nFrom == negativeBuckets.length ? 0 : negativeOffset + nFrom;
    this.negativeBuckets = Arrays.copyOfRange(negativeBuckets, nFrom, lastNonZero(negativeBuckets) + 1);
    this.customValues = customValues.clone();
  }

  private static int firstNonZero(double[] b) {
    int i = 0;
    while (i < b.length && b[i] == 0) {
      i++;
    }
    return i;
  }

  private static int lastNonZero(double[] b) {
    int i = b.length - 1;
    while (i >= 0 && b[i] == 0) {
      i--;
    }
    return Math.max(i, firstNonZero(b) - 1);
  }

  public CounterResetHint counterResetHint() {
    return counterResetHint;
  }

  public int schema() {
    return schema;
  }

  public double zeroThreshold() {
    return zeroThreshold;
  }

  public double zeroCount() {
    return zeroCount;
  }

  public double count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  /** Index of the first positive bucket (0 when there is none). */
  public int positiveOffset() {
    return positiveOffset;
  }

  /** Counts of consecutive positive buckets from {@link #positiveOffset()}. */
  public double[] positiveBuckets() {
    return positiveBuckets.clone();
  }

  /** Index of the first negative bucket (0 when there is none). */
  public int negativeOffset() {
    return negativeOffset;
  }

  /** Counts of consecutive negative buckets from {@link #negativeOffset()}. */
  public double[] negativeBuckets() {
    return negativeBuckets.clone();
  }

  /** Upper bounds of the buckets of schema −53 (empty for other schemas). */
  public double[] customValues() {
    return customValues.clone();
  }

  public boolean usesCustomBuckets() {
    return schema == CUSTOM_BUCKETS_SCHEMA;
  }

  /** Whether this is a staleness marker: a histogram whose sum is {@link StaleMarker#STALE_NAN}. */
  public boolean isStale() {
    return StaleMarker.isStale(sum);
  }

  /** This histogram with another counter-reset hint. */
  public FloatHistogram withCounterResetHint(CounterResetHint hint) {
    if (hint == counterResetHint) {
      return this;
    }
    return new FloatHistogram(hint, schema, zeroThreshold, zeroCount, count, sum, positiveOffset, positiveBuckets,
        negativeOffset, negativeBuckets, customValues);
  }

  /**
   * Bucket-by-bucket sum {@code this + factor × other} (factor 1 adds, −1 subtracts), matched by
   * bucket index (Prometheus {@code FloatHistogram.Add}/{@code Sub}). The result has the coarser of
   * the two schemas: the finer histogram's buckets are merged down to it. The zero thresholds must
   * match. The hint is {@code gauge} if either is, equal hints stay, anything else is unknown.
   *
   * @throws IllegalArgumentException when the zero thresholds differ, or exactly one side uses
   *     custom buckets, or both do with different bounds
   */
  public FloatHistogram plus(FloatHistogram other, double factor) {
    if (usesCustomBuckets() != other.usesCustomBuckets()
        || (usesCustomBuckets() && !Arrays.equals(customValues, other.customValues))) {
      throw new IllegalArgumentException("cannot combine histograms with different custom bucket bounds");
    }
    if (zeroThreshold != other.zeroThreshold) {
      throw new IllegalArgumentException("cannot combine histograms with different zero bucket widths ("
          + GoFloat.formatG(zeroThreshold) + " and " + GoFloat.formatG(other.zeroThreshold) + ")");
    }
    int target = Math.min(schema, other.schema);
    FloatHistogram a = reduceTo(target);
    FloatHistogram b = other.reduceTo(target);
    return new FloatHistogram(combinedHint(counterResetHint, other.counterResetHint), target, zeroThreshold,
        a.zeroCount + factor * b.zeroCount, a.count + factor * b.count, a.sum + factor * b.sum,
        start(a.positiveOffset, a.positiveBuckets, b.positiveOffset, b.positiveBuckets), addBuckets(a.positiveOffset, a.positiveBuckets, b.positiveOffset, b.positiveBuckets, factor),
        start(a.negativeOffset, a.negativeBuckets, b.negativeOffset, b.negativeBuckets), addBuckets(a.negativeOffset, a.negativeBuckets, b.negativeOffset, b.negativeBuckets, factor),
        customValues);
  }

  private static CounterResetHint combinedHint(CounterResetHint a, CounterResetHint b) {
    if (a == CounterResetHint.GAUGE || b == CounterResetHint.GAUGE) {
      return CounterResetHint.GAUGE;
    }
    return a == b ? a : CounterResetHint.UNKNOWN;
  }

  /** The index of the first bucket of either side (an empty side has no first bucket). */
  private static int start(int aOff, double[] a, int bOff, double[] b) {
    return a.length == 0 ? bOff : b.length == 0 ? aOff : Math.min(aOff, bOff);
  }

  /** Buckets {@code a + factor × b}, from {@link #start}. */
  private static double[] addBuckets(int aOff, double[] a, int bOff, double[] b, double factor) {
    if (a.length == 0 && b.length == 0) {
      return NONE;
    }
    int from = start(aOff, a, bOff, b);
    int to = Math.max(a.length == 0 ? Integer.MIN_VALUE : aOff + a.length, b.length == 0 ? Integer.MIN_VALUE : bOff + b.length);
    double[] out = new double[to - from];
    for (int i = 0; i < a.length; i++) {
      out[aOff + i - from] += a[i];
    }
    for (int i = 0; i < b.length; i++) {
      out[bOff + i - from] += factor * b[i];
    }
    return out;
  }

  /**
   * This histogram at a coarser (smaller) schema: each bucket {@code i} goes to bucket {@code
   * ((i - 1) >> (schema - target)) + 1} (Prometheus {@code targetIdx}).
   */
  private FloatHistogram reduceTo(int target) {
    if (target >= schema || usesCustomBuckets()) {
      return this;
    }
    int delta = schema - target;
    return new FloatHistogram(counterResetHint, target, zeroThreshold, zeroCount, count, sum,
        reducedOffset(positiveOffset, delta), reducedBuckets(positiveOffset, positiveBuckets, delta),
        reducedOffset(negativeOffset, delta), reducedBuckets(negativeOffset, negativeBuckets, delta), customValues);
  }

  private static int reducedOffset(int offset, int delta) {
    return ((offset - 1) >> delta) + 1;
  }

  private static double[] reducedBuckets(int offset, double[] buckets, int delta) {
    if (buckets.length == 0) {
      return NONE;
    }
    int first = reducedOffset(offset, delta);
    double[] out = new double[reducedOffset(offset + buckets.length - 1, delta) - first + 1];
    for (int i = 0; i < buckets.length; i++) {
      out[reducedOffset(offset + i, delta) - first] += buckets[i];
    }
    return out;
  }

  /**
   * Whether going from {@code previous} to this histogram needs a counter reset (Prometheus
   * {@code FloatHistogram.DetectReset}): the count or the zero bucket went down, the schema got
   * finer, the zero bucket narrower, the custom bounds changed, or a bucket went down once both
   * are at the coarser schema.
   */
  public boolean isResetAfter(FloatHistogram previous) {
    if (usesCustomBuckets() != previous.usesCustomBuckets()
        || (usesCustomBuckets() && !Arrays.equals(customValues, previous.customValues))) {
      return true;
    }
    if (count < previous.count || schema > previous.schema || zeroThreshold < previous.zeroThreshold) {
      return true;
    }
    FloatHistogram prev = previous.reduceTo(schema);
    return zeroCount < prev.zeroCount && zeroThreshold == prev.zeroThreshold
        || anyDecreased(prev.positiveOffset, prev.positiveBuckets, positiveOffset, positiveBuckets)
        || anyDecreased(prev.negativeOffset, prev.negativeBuckets, negativeOffset, negativeBuckets);
  }

  private static boolean anyDecreased(int prevOff, double[] prev, int curOff, double[] cur) {
    for (int i = 0; i < prev.length; i++) {
      int j = prevOff + i - curOff;
      double now = j >= 0 && j < cur.length ? cur[j] : 0;
      if (now < prev[i]) {
        return true;
      }
    }
    return false;
  }

  /** One bucket: its bounds, which of them belong to it, and its count. */
  public record Bucket(double lower, double upper, boolean lowerInclusive, boolean upperInclusive, double count) {}

  /**
   * Every bucket in ascending order (Prometheus {@code AllBucketIterator}): negative buckets
   * {@code [-base^i, -base^(i-1))}, then the zero bucket {@code [-zeroThreshold, zeroThreshold]}
   * if it has a width or a count, then positive buckets {@code (base^(i-1), base^i]} (for custom
   * buckets {@code (customValues[i-1], customValues[i]]}, from −Inf to +Inf). Buckets with a zero
   * count inside the layout are included.
   */
  public List<Bucket> buckets() {
    List<Bucket> out = new ArrayList<>(negativeBuckets.length + 1 + positiveBuckets.length);
    for (int k = negativeBuckets.length - 1; k >= 0; k--) {
      int i = negativeOffset + k;
      out.add(new Bucket(-exponentialBound(i, schema), -exponentialBound(i - 1, schema), true, false, negativeBuckets[k]));
    }
    if (zeroThreshold != 0 || zeroCount != 0) {
      out.add(new Bucket(-zeroThreshold, zeroThreshold, true, true, zeroCount));
    }
    for (int k = 0; k < positiveBuckets.length; k++) {
      int i = positiveOffset + k;
      if (usesCustomBuckets()) {
        double lower = i == 0 ? Double.NEGATIVE_INFINITY : customValues[i - 1];
        double upper = i < customValues.length ? customValues[i] : Double.POSITIVE_INFINITY;
        out.add(new Bucket(lower, upper, false, true, positiveBuckets[k]));
      } else {
        out.add(new Bucket(exponentialBound(i - 1, schema), exponentialBound(i, schema), false, true, positiveBuckets[k]));
      }
    }
    return out;
  }

  /**
   * Lower or upper bound of exponential bucket {@code index} at {@code schema}: {@code
   * 2^(index × 2^-schema)} (Prometheus {@code getBound}, computed with {@link Math#pow} rather than
   * its table, so the last bit may differ for positive schemas).
   */
  public static double exponentialBound(int index, int schema) {
    if (schema <= 0) {
      return Math.scalb(1.0, index << -schema);
    }
    int perPowerOfTwo = 1 << schema;
    int exp = Math.floorDiv(index, perPowerOfTwo);
    int frac = Math.floorMod(index, perPowerOfTwo);
    return Math.scalb(Math.pow(2, (double) frac / perPowerOfTwo), exp);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatHistogram h
        && counterResetHint == h.counterResetHint
        && schema == h.schema
        && Double.compare(zeroThreshold, h.zeroThreshold) == 0
        && Double.compare(zeroCount, h.zeroCount) == 0
        && Double.compare(count, h.count) == 0
        && Double.compare(sum, h.sum) == 0
        && positiveOffset == h.positiveOffset
        && Arrays.equals(positiveBuckets, h.positiveBuckets)
        && negativeOffset == h.negativeOffset
        && Arrays.equals(negativeBuckets, h.negativeBuckets)
        && Arrays.equals(customValues, h.customValues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(counterResetHint, schema, zeroThreshold, zeroCount, count, sum, positiveOffset,
        Arrays.hashCode(positiveBuckets), negativeOffset, Arrays.hashCode(negativeBuckets), Arrays.hashCode(customValues));
  }

  /** The test expression (see the class comment). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{{");
    if (schema != 0) {
      field(sb, "schema", Integer.toString(schema));
    }
    if (count != 0) {
      field(sb, "count", GoFloat.formatG(count));
    }
    if (sum != 0) {
      field(sb, "sum", GoFloat.formatG(sum));
    }
    if (zeroCount != 0) {
      field(sb, "z_bucket", GoFloat.formatG(zeroCount));
    }
    if (zeroThreshold != 0) {
      field(sb, "z_bucket_w", GoFloat.formatG(zeroThreshold));
    }
    if (usesCustomBuckets()) {
      field(sb, "custom_values", formatAll(customValues));
    }
    if (counterResetHint != CounterResetHint.UNKNOWN) {
      field(sb, "counter_reset_hint", counterResetHint.text());
    }
    if (positiveOffset != 0) {
      field(sb, "offset", Integer.toString(positiveOffset));
    }
    if (positiveBuckets.length > 0) {
      field(sb, "buckets", formatAll(positiveBuckets));
    }
    if (negativeOffset != 0) {
      field(sb, "n_offset", Integer.toString(negativeOffset));
    }
    if (negativeBuckets.length > 0) {
      field(sb, "n_buckets", formatAll(negativeBuckets));
    }
    return sb.append("}}").toString();
  }

  private static void field(StringBuilder sb, String key, String value) {
    if (sb.length() > 2) {
      sb.append(' ');
    }
    sb.append(key).append(':').append(value);
  }

  private static String formatAll(double[] values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(GoFloat.formatG(values[i]));
    }
    return sb.append(']').toString();
  }
}
