/**
 * The embedded time-series database ({@link io.watchkeeper.storage.tsdb.Tsdb}), after Prometheus'
 * {@code tsdb}: an in-memory head of compressed chunks with an inverted index, a write-ahead log,
 * immutable on-disk blocks written from the head, compaction, retention and out-of-order ingestion.
 * Design and on-disk formats: {@code storage/docs/}.
 */
@NullMarked
package io.watchkeeper.storage.tsdb;

import org.jspecify.annotations.NullMarked;
