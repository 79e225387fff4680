/**
 * A small DNS client for probes: the wire format of RFC 1035 (with the AAAA, SRV and CAA record
 * types), queries over UDP with a TCP retry for truncated answers, and answers rendered as dig
 * shows them. Our own rather than JNDI's, so a probe can name its server, see the response code
 * and counts of each section, and stop at its deadline.
 */
@NullMarked
package io.watchkeeper.probe.dns;

import org.jspecify.annotations.NullMarked;
