package io.watchkeeper.probe;

/**
 * What a monitor checks and how: one record per {@link MonitorType}. Immutable; equal specs mean
 * an unchanged monitor on reload.
 */
public sealed interface ProbeSpec permits HttpSpec, TcpSpec, DnsSpec, PostgresSpec, RedisSpec, JourneySpec, GroupSpec {
  /** The monitor type this spec belongs to. */
  MonitorType type();
}
