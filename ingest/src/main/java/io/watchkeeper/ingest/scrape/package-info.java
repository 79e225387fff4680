/** Scraping: targets, scrape loops with Prometheus semantics, and the manager that applies {@code scrape_configs}. */
@NullMarked
package io.watchkeeper.ingest.scrape;

import org.jspecify.annotations.NullMarked;
