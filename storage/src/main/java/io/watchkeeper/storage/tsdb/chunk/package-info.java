/**
 * Sample compression: a bit stream ({@link io.watchkeeper.storage.tsdb.chunk.BitWriter}, {@link
 * io.watchkeeper.storage.tsdb.chunk.BitReader}), the Gorilla XOR chunk the head appends to ({@link
 * io.watchkeeper.storage.tsdb.chunk.XorAppender}, {@link io.watchkeeper.storage.tsdb.chunk.XorIterator})
 * and the denser decimal chunk written into blocks ({@link
 * io.watchkeeper.storage.tsdb.chunk.DecimalChunk}). Byte layouts: {@code storage/docs/format/chunks.md}.
 */
@NullMarked
package io.watchkeeper.storage.tsdb.chunk;

import org.jspecify.annotations.NullMarked;
