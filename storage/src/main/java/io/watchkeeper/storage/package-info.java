/**
 * The storage contract every other module sees: {@link io.watchkeeper.storage.Appendable} and
 * {@link io.watchkeeper.storage.Appender} to write samples, {@link io.watchkeeper.storage.Queryable}
 * and {@link io.watchkeeper.storage.Querier} to read them. Implementations live in sub-packages
 * ({@code memory}, {@code tsdb}); nothing outside this module imports them except the server that
 * wires them.
 */
@NullMarked
package io.watchkeeper.storage;

import org.jspecify.annotations.NullMarked;
