package io.watchkeeper.probe;

import io.watchkeeper.probe.dns.DnsClient;
import io.watchkeeper.probe.net.AddressResolver;
import io.watchkeeper.probe.net.Connector;
import io.watchkeeper.probe.net.HttpProbeClient;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The real {@link ProberFactory}: one prober class per monitor type, sharing one {@link
 * Connector} (and so one TLS context per TLS setting) and one HTTP client. Thread-safe.
 */
public final class Probers implements ProberFactory {
  private final Connector connector;
  private final HttpProbeClient http;
  private final DnsClient dns;
  private final RandomGenerator random;
  private final Supplier<InetSocketAddress> systemDnsServer;

  /**
   * @param resolver how host names become addresses
   * @param systemDnsServer the DNS server for DNS monitors that name none
   * @param userAgent the User-Agent HTTP checks send
   */
  public Probers(AddressResolver resolver, Supplier<InetSocketAddress> systemDnsServer, String userAgent, RandomGenerator random) {
    this.connector = new Connector(resolver);
    this.http = new HttpProbeClient(connector, userAgent);
    this.dns = new DnsClient(random);
    this.random = random;
    this.systemDnsServer = systemDnsServer;
  }

  /** The system resolver, the first name server of /etc/resolv.conf, {@code Watchkeeper/<version>}. */
  public static Probers standard(String version) {
    return new Probers(AddressResolver.SYSTEM, () -> DnsClient.systemNameservers().get(0), "Watchkeeper/" + version,
        new SecureRandom());
  }

  @Override
  public Prober create(MonitorConfig config, MonitorLookup lookup) {
    return switch (config.spec()) {
      case HttpSpec s -> new HttpProber(s, http);
      case TcpSpec s -> new TcpProber(s, connector);
      case DnsSpec s -> new DnsProber(s, dns, systemDnsServer);
      case PostgresSpec s -> new PostgresProber(config.name(), s, random);
      case RedisSpec s -> new RedisProber(config.name(), s, random);
      case JourneySpec s -> new JourneyProber(s, http, random);
      case GroupSpec s -> new GroupProber(s, lookup);
    };
  }
}
