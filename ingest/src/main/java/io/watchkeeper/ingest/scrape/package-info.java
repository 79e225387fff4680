/**
 * Scraping: targets, scrape loops with Prometheus semantics, and the manager that applies {@code
 * scrape_configs}.
 *
 * <p>{@link io.watchkeeper.ingest.scrape.ScrapeManager} owns one pool per job; a pool turns target
 * groups ({@code static_configs}, {@code file_sd_configs}) into targets through {@code
 * relabel_configs} and runs one loop per target on a virtual thread. A loop fetches with its own
 * keep-alive HTTP/1.1 connection into pooled buffers, and hands the body to a {@link
 * io.watchkeeper.ingest.scrape.TargetAppender}, which parses it, looks every series up in the
 * target's scrape cache (raw series bytes → storage reference) and appends, with staleness markers
 * and the report series, in one storage batch.
 */
@NullMarked
package io.watchkeeper.ingest.scrape;

import org.jspecify.annotations.NullMarked;
