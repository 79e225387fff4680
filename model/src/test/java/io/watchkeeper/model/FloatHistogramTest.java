package io.watchkeeper.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.FloatHistogram.CounterResetHint;
import org.junit.jupiter.api.Test;

class FloatHistogramTest {
  private static final double[] NONE = {};

  private static FloatHistogram exponential(CounterResetHint hint, int schema, double count, double sum, int offset, double... buckets) {
    return new FloatHistogram(hint, schema, 0, 0, count, sum, offset, buckets, 0, NONE, NONE);
  }

  @Test
  void printsTheTestExpressionInPrometheusFieldOrder() {
    FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, 1, 0.05, 7.1, 32.1, -0.3,
        -3, new double[] {5.1, 10, 7}, -5, new double[] {4.1, 5}, NONE);
    assertThat(h).hasToString(
        "{{schema:1 count:32.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 offset:-3 buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}");
  }

  @Test
  void leavesOutZeroFieldsAndPrintsAKnownHint() {
    assertThat(exponential(CounterResetHint.NOT_RESET, 0, 2, 3, 0, 2)).hasToString("{{count:2 sum:3 counter_reset_hint:not_reset buckets:[2]}}");
    assertThat(exponential(CounterResetHint.UNKNOWN, 0, 0, 0, 0)).hasToString("{{}}");
    assertThat(exponential(CounterResetHint.GAUGE, 0, 1, 0, 0)).hasToString("{{count:1 counter_reset_hint:gauge}}");
  }

  @Test
  void trimsZeroBucketsAtTheEndsSoEqualHistogramsPrintAlike() {
    FloatHistogram padded = exponential(CounterResetHint.UNKNOWN, 0, 3, 1, -1, 0, 0, 1, 0, 2, 0);
    assertThat(padded).hasToString("{{count:3 sum:1 offset:1 buckets:[1 0 2]}}");
    assertThat(padded).isEqualTo(exponential(CounterResetHint.UNKNOWN, 0, 3, 1, 1, 1, 0, 2));
  }

  @Test
  void printsCustomBuckets() {
    FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, -53, 0, 0, 1, 1, 0, new double[] {1}, 0, NONE, new double[] {5, 10});
    assertThat(h).hasToString("{{schema:-53 count:1 sum:1 custom_values:[5 10] buckets:[1]}}");
  }

  @Test
  void addsBucketByIndexAndMergesAFinerSchemaDown() {
    FloatHistogram a = exponential(CounterResetHint.UNKNOWN, 0, 2, 3, 0, 2);
    FloatHistogram b = exponential(CounterResetHint.UNKNOWN, 0, 1, 1.3, 0, 1);
    assertThat(a.plus(b, 1).plus(b, 1)).hasToString("{{count:4 sum:5.6 buckets:[4]}}");
    assertThat(a.plus(b, -1)).hasToString("{{count:1 sum:1.7 buckets:[1]}}");
    // Schema 1 buckets 1 and 2 are both inside schema 0 bucket 1: (1, 2].
    FloatHistogram fine = exponential(CounterResetHint.UNKNOWN, 1, 2, 0, 1, 1, 1);
    assertThat(exponential(CounterResetHint.UNKNOWN, 0, 0, 0, 0).plus(fine, 1)).hasToString("{{count:2 offset:1 buckets:[2]}}");
  }

  @Test
  void combinesHintsAsTheSeriesNotationDoes() {
    FloatHistogram gauge = exponential(CounterResetHint.GAUGE, 0, 1, 0, 0);
    FloatHistogram reset = exponential(CounterResetHint.RESET, 0, 1, 0, 0);
    FloatHistogram notReset = exponential(CounterResetHint.NOT_RESET, 0, 1, 0, 0);
    assertThat(gauge.plus(reset, 1).counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
    assertThat(reset.plus(reset, 1).counterResetHint()).isEqualTo(CounterResetHint.RESET);
    assertThat(reset.plus(notReset, 1).counterResetHint()).isEqualTo(CounterResetHint.UNKNOWN);
  }

  @Test
  void detectsCounterResets() {
    FloatHistogram h = exponential(CounterResetHint.UNKNOWN, 0, 4, 4, 0, 2, 2);
    assertThat(exponential(CounterResetHint.UNKNOWN, 0, 5, 5, 0, 3, 2).isResetAfter(h)).isFalse();
    assertThat(exponential(CounterResetHint.UNKNOWN, 0, 3, 5, 0, 3)).satisfies(x -> assertThat(x.isResetAfter(h)).isTrue());
    assertThat(exponential(CounterResetHint.UNKNOWN, 0, 5, 5, 0, 1, 4).isResetAfter(h)).isTrue();
    assertThat(exponential(CounterResetHint.UNKNOWN, 1, 5, 5, 0, 3, 2).isResetAfter(h)).isTrue();
  }

  @Test
  void rejectsImpossibleSchemas() {
    assertThatThrownBy(() -> exponential(CounterResetHint.UNKNOWN, 9, 0, 0, 0)).hasMessageContaining("schema");
    assertThat(FloatHistogram.CounterResetHint.fromText("not_reset")).isEqualTo(CounterResetHint.NOT_RESET);
  }

  @Test
  void listsBucketsInAscendingOrder() {
    FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.001, 2, 7, 1, 0, new double[] {1, 0, 3}, 1, new double[] {1}, NONE);
    assertThat(h.buckets()).containsExactly(
        new FloatHistogram.Bucket(-2, -1, true, false, 1),
        new FloatHistogram.Bucket(-0.001, 0.001, true, true, 2),
        new FloatHistogram.Bucket(0.5, 1, false, true, 1),
        new FloatHistogram.Bucket(1, 2, false, true, 0),
        new FloatHistogram.Bucket(2, 4, false, true, 3));
    FloatHistogram custom = new FloatHistogram(CounterResetHint.UNKNOWN, -53, 0, 0, 3, 1, 0, new double[] {1, 2}, 0, NONE, new double[] {5});
    assertThat(custom.buckets()).containsExactly(
        new FloatHistogram.Bucket(Double.NEGATIVE_INFINITY, 5, false, true, 1),
        new FloatHistogram.Bucket(5, Double.POSITIVE_INFINITY, false, true, 2));
  }

  @Test
  void computesExponentialBounds() {
    assertThat(FloatHistogram.exponentialBound(1, 0)).isEqualTo(2);
    assertThat(FloatHistogram.exponentialBound(-1, 0)).isEqualTo(0.5);
    assertThat(FloatHistogram.exponentialBound(1, -1)).isEqualTo(4);
    assertThat(FloatHistogram.exponentialBound(1, 1)).isEqualTo(Math.sqrt(2));
  }
}
