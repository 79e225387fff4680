package io.watchkeeper.query.engine;

import java.util.function.Supplier;

/**
 * How one call of a range-vector function is computed: which argument holds the range vector, a
 * factory of per-thread {@link WindowKernel}s (parameters already evaluated), and whether the
 * result keeps the metric name.
 */
record RangeSpec(int argIndex, Supplier<WindowKernel> kernels, boolean keepName) {}
