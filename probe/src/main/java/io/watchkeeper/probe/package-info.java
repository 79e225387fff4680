/**
 * Health checks and synthetic journeys (the {@code monitors:} section): HTTP(S), TCP, DNS,
 * PostgreSQL, Redis, groups of monitors and multi-step HTTP journeys. The {@link
 * io.watchkeeper.probe.ProbeScheduler} runs each monitor on its own jittered schedule and writes
 * blackbox_exporter's series ({@code probe_success}, {@code probe_duration_seconds}, ...) through
 * an {@link io.watchkeeper.storage.Appendable}; status transitions go to a {@link
 * io.watchkeeper.probe.StatusHistory}, from which uptime is computed.
 */
@NullMarked
package io.watchkeeper.probe;

import org.jspecify.annotations.NullMarked;
