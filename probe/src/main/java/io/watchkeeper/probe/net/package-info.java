/**
 * The network side of the probes, below any configuration: a {@link
 * io.watchkeeper.probe.net.Connector} that resolves a host with an IPv4/IPv6 preference, connects
 * and optionally shakes hands over TLS while keeping the server's certificates even when
 * verification fails, and an HTTP/1.1 client ({@link io.watchkeeper.probe.net.HttpProbeClient})
 * over it that times each phase and never outlives its {@link io.watchkeeper.probe.net.Deadline}.
 * Failures are {@link io.watchkeeper.probe.net.ProbeIoException}s whose messages say what happened
 * in words an operator can act on.
 */
@NullMarked
package io.watchkeeper.probe.net;

import org.jspecify.annotations.NullMarked;
