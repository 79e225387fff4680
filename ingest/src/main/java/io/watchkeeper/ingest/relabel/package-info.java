/** Prometheus relabelling: {@code relabel_configs} and {@code metric_relabel_configs}. */
@NullMarked
package io.watchkeeper.ingest.relabel;

import org.jspecify.annotations.NullMarked;
