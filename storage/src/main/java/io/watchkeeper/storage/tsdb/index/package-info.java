/**
 * The inverted index: sorted postings lists of series ids ({@link
 * io.watchkeeper.storage.tsdb.index.Postings}), the head's mutable index ({@link
 * io.watchkeeper.storage.tsdb.index.MemPostings}), label matchers evaluated over any index ({@link
 * io.watchkeeper.storage.tsdb.index.PostingsForMatchers}) and a block's on-disk index ({@link
 * io.watchkeeper.storage.tsdb.index.IndexWriter}, {@link io.watchkeeper.storage.tsdb.index.IndexReader};
 * layout in {@code storage/docs/format/index.md}).
 */
@NullMarked
package io.watchkeeper.storage.tsdb.index;

import org.jspecify.annotations.NullMarked;
