/** Host metrics (CPU, memory, disk, network, load) as a scrape target. */
@NullMarked
package io.watchkeeper.ingest.host;

import org.jspecify.annotations.NullMarked;
