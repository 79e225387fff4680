/**
 * The PromQL evaluator: {@link io.watchkeeper.query.engine.PromqlEngine} evaluates parsed
 * expressions over a {@link io.watchkeeper.storage.Queryable} with Prometheus 3 semantics.
 *
 * <p>Every expression is evaluated over a grid of steps (one step for an instant query), column by
 * column per series: a node's value is a list of {@link io.watchkeeper.query.engine.StepSeries},
 * each a label set and one double per step. Range selectors are read one series at a time and
 * slid across the steps, so no window is decoded twice and memory stays bounded by the samples a
 * query touches.
 */
@NullMarked
package io.watchkeeper.query.engine;

import org.jspecify.annotations.NullMarked;
