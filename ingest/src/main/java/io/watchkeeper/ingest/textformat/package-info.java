/** Parsers for the Prometheus text format 0.0.4 and OpenMetrics 1.0. */
@NullMarked
package io.watchkeeper.ingest.textformat;

import org.jspecify.annotations.NullMarked;
