/**
 * Byte-level encoding shared by the WAL, index and block formats (Prometheus {@code
 * tsdb/encoding}): {@link io.watchkeeper.storage.tsdb.encoding.Encbuf} writes varints, fixed-width
 * integers and strings into a growing buffer; {@link io.watchkeeper.storage.tsdb.encoding.Decbuf}
 * reads them back from an array.
 */
@NullMarked
package io.watchkeeper.storage.tsdb.encoding;

import org.jspecify.annotations.NullMarked;
