/**
 * Samples pushed to us: history import ({@link io.watchkeeper.ingest.receive.Importer}), and
 * remote_write.
 */
@NullMarked
package io.watchkeeper.ingest.receive;

import org.jspecify.annotations.NullMarked;
