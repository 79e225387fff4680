/** A small, obviously correct in-memory {@link io.watchkeeper.storage.Storage} for tests. */
@NullMarked
package io.watchkeeper.storage.memory;

import org.jspecify.annotations.NullMarked;
