package io.watchkeeper.query.engine;

import io.watchkeeper.query.RangeSeries;
import java.util.List;

/** What a node evaluates to over a {@link Grid}: one of PromQL's four types. */
sealed interface StepValue {
  /** A scalar: one value per step (never absent). */
  record ScalarSteps(double[] values) implements StepValue {}

  /** A string: the same at every step. */
  record StringSteps(String value) implements StepValue {}

  /** An instant vector: series with a value or {@link StepSeries#ABSENT} per step. */
  record VectorSteps(List<StepSeries> series) implements StepValue {}

  /** A range vector, only as the result of an instant query ({@code foo[5m]}). */
  record MatrixSteps(List<RangeSeries> series) implements StepValue {}
}
