/**
 * JSON for probe assertions and journey variables: a strict parser into plain Java values ({@code
 * Map}, {@code List}, {@code String}, {@code BigDecimal}, {@code Boolean}, {@link
 * io.watchkeeper.probe.json.Json#NULL}) and the JSONPath subset health checks use ({@code
 * $.data.items[0].id}, {@code $['key']}).
 */
@NullMarked
package io.watchkeeper.probe.json;

import org.jspecify.annotations.NullMarked;
