/** Samples pushed to us: remote_write and history import. */
@NullMarked
package io.watchkeeper.ingest.receive;

import org.jspecify.annotations.NullMarked;
