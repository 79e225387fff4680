/**
 * Immutable values every module shares: {@link io.watchkeeper.model.Labels}, {@link
 * io.watchkeeper.model.Matcher}, {@link io.watchkeeper.model.Sample}, {@link io.watchkeeper.model.FloatHistogram}, {@link
 * io.watchkeeper.model.Alert} and metric metadata. JDK only.
 */
@NullMarked
package io.watchkeeper.model;

import org.jspecify.annotations.NullMarked;
