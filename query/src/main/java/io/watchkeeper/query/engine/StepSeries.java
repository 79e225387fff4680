package io.watchkeeper.query.engine;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.Labels;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One series of an instant-vector value evaluated over a {@link Grid}: its labels and one value
 * per step. A step without a sample holds {@link #ABSENT}.
 *
 * <p>Why a sentinel and not a presence bitmap: every operator loops over plain {@code double[]}s
 * and checks one bit pattern, which keeps the inner loops short and allocation-free. {@link
 * #ABSENT} is a quiet NaN with a payload no arithmetic creates: new NaNs are the canonical
 * {@code 0x7ff8000000000000}, and NaNs propagate their payload only from an input. The one way
 * it could enter is a sample stored with that payload, which {@link #fromStorage} rewrites into
 * the canonical NaN.
 *
 * <p>{@code dropName} is Prometheus 3's delayed name removal: a function or operator that drops
 * the metric name only marks the series; the name is removed when the result leaves the engine,
 * so {@code label_replace} can still read it.
 *
 * <p>Native histograms: a step holding a histogram sample has its value in {@code histograms}
 * and {@link #ABSENT} in {@code values}, so a float-only loop can never read it as a number.
 * {@code histograms} is null unless the series has at least one. The evaluator rejects series
 * with histograms at every node that does not handle them ({@link #rejectHistograms}).
 *
 * <p>Not thread-safe; owned by the evaluation that built it.
 */
final class StepSeries {
  static final long ABSENT_BITS = 0x7ff8_dead_beef_0001L;
  private static final long PAYLOAD_MASK = 0x0007_ffff_ffff_ffffL;

  /** The value of a step without a sample. */
  static final double ABSENT = Double.longBitsToDouble(ABSENT_BITS);

  Labels labels;
  final double[] values;
  final @Nullable FloatHistogram @Nullable [] histograms;
  boolean dropName;

  StepSeries(Labels labels, double[] values, boolean dropName) {
    this(labels, values, null, dropName);
  }

  StepSeries(Labels labels, double[] values, @Nullable FloatHistogram @Nullable [] histograms, boolean dropName) {
    this.labels = labels;
    this.values = values;
    this.histograms = histograms;
    this.dropName = dropName;
  }

  /** The histogram at step {@code i}, or null if that step holds a float or nothing. */
  @Nullable FloatHistogram histogram(int i) {
    return histograms == null ? null : histograms[i];
  }

  /**
   * Fails if any series holds a histogram: what every function, operator and aggregation not
   * implemented for histograms calls on its input, so none turns a histogram into a wrong float.
   *
   * @param receiver what would have used them, as users write it ({@code rate()}, {@code sum})
   */
  static void rejectHistograms(List<StepSeries> series, String receiver) {
    for (StepSeries s : series) {
      if (s.histograms != null) {
        for (FloatHistogram h : s.histograms) {
          if (h != null) {
            throw QueryFailure.execution(unsupported(receiver));
          }
        }
      }
    }
  }

  /** The error for a histogram sample reaching {@code receiver}. */
  static String unsupported(String receiver) {
    return "native histograms are not supported by " + receiver;
  }

  /** A series with every step absent. */
  static StepSeries empty(Labels labels, int steps) {
    double[] v = new double[steps];
    Arrays.fill(v, ABSENT);
    return new StepSeries(labels, v, false);
  }

  static boolean isAbsent(double v) {
    return Double.doubleToRawLongBits(v) == ABSENT_BITS;
  }

  /** A stored value made safe for the step arrays (see the class comment). */
  static double fromStorage(double v) {
    if (v != v && (Double.doubleToRawLongBits(v) & PAYLOAD_MASK) == (ABSENT_BITS & PAYLOAD_MASK)) {
      return Double.NaN;
    }
    return v;
  }

  boolean isEmpty() {
    for (double v : values) {
      if (!isAbsent(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The labels as the result shows them: without the name when it is to be dropped, and then
   * without {@code __type__} and {@code __unit__} too, which describe the named metric (Prometheus'
   * type-and-unit labels; series without them are unaffected).
   */
  Labels outputLabels() {
    if (!dropName) {
      return labels;
    }
    return labels.has(TYPE) || labels.has(UNIT)
        ? labels.toBuilder().delete(Labels.METRIC_NAME).delete(TYPE).delete(UNIT).build()
        : labels.withoutMetricName();
  }

  private static final String TYPE = "__type__";
  private static final String UNIT = "__unit__";
}
