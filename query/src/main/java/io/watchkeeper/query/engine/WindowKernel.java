package io.watchkeeper.query.engine;

/**
 * A range-vector function over one window of one series (Prometheus' {@code *_over_time}, {@code
 * rate}, ...). The window is {@code buf.ts[lo..hi)}, never empty, covering {@code (start, end]}.
 * A kernel instance serves one thread; {@link #prepare} runs once per series before its windows,
 * so a kernel can precompute per-series data (counter resets) instead of rescanning windows.
 */
interface WindowKernel {
  /** Called once per series before {@link #apply}. */
  default void prepare(SampleBuffer buf) {}

  /**
   * The function's value for one window, or {@link StepSeries#ABSENT} for none.
   *
   * @param step index of the evaluation step (for per-step scalar parameters)
   * @param evalTime the step's evaluation time, epoch ms (not moved by {@code @} or offset:
   *     {@code predict_linear} extrapolates from it, as Prometheus does)
   */
  double apply(SampleBuffer buf, int lo, int hi, long start, long end, int step, long evalTime);
}
