/**
 * The health API of the seeds' contract ({@link io.watchkeeper.web.health.HealthApi}): {@code GET
 * /api/health} with the configured monitors' states and Watchkeeper's own checks (storage
 * writable, disk space, memory, scrape health), {@code ?check=NAME}, {@code /live}, {@code /ready}
 * and {@code /detailed} with uptime and recent transitions. The server implements the small
 * interfaces of the own checks ({@link io.watchkeeper.web.health.StorageWritable}, {@link
 * io.watchkeeper.web.health.DiskSpace}, {@link io.watchkeeper.web.health.MemoryUsage}, {@link
 * io.watchkeeper.web.health.ScrapeHealth}).
 */
@NullMarked
package io.watchkeeper.web.health;

import org.jspecify.annotations.NullMarked;
