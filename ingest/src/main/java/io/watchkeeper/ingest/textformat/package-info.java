/**
 * Parsers for the Prometheus text format 0.0.4 and OpenMetrics 1.0: pull parsers over byte arrays
 * ({@link io.watchkeeper.ingest.textformat.Parser}), chosen by content type with {@link
 * io.watchkeeper.ingest.textformat.ExpositionFormat}. Lenient by default, as Prometheus; strict on
 * request, as the formats' reference parsers.
 */
@NullMarked
package io.watchkeeper.ingest.textformat;

import org.jspecify.annotations.NullMarked;
