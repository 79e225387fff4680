/**
 * The write-ahead log: CRC-checked records in numbered segment files ({@link
 * io.watchkeeper.storage.tsdb.wal.Wal}), read back with corruption detection ({@link
 * io.watchkeeper.storage.tsdb.wal.WalReader}), the series and sample record encodings ({@link
 * io.watchkeeper.storage.tsdb.wal.WalRecords}) and checkpoints that let old segments go ({@link
 * io.watchkeeper.storage.tsdb.wal.Checkpoint}). Layout and durability rules: {@code
 * storage/docs/format/wal.md}.
 */
@NullMarked
package io.watchkeeper.storage.tsdb.wal;

import org.jspecify.annotations.NullMarked;
