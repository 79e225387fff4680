package io.watchkeeper.server.config;

import io.watchkeeper.model.Secret;
import io.watchkeeper.probe.DnsSpec;
import io.watchkeeper.probe.HttpSpec;
import io.watchkeeper.probe.PostgresSpec;
import io.watchkeeper.probe.RedisSpec;
import io.watchkeeper.probe.TcpSpec;
import io.watchkeeper.probe.dns.DnsRecordType;
import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.TlsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The monitors that take a {@code target:}: {@code tcp} (host:port), {@code dns} (a name),
 * {@code postgres} (a postgresql:// or jdbc:postgresql:// URL) and {@code redis} (redis://,
 * rediss:// or host:port). Credentials in target URLs are taken out of the URL and kept as
 * secrets. Not thread-safe: one binding pass.
 *
 * <pre>{@code
 * - {name: ssh, type: tcp, target: "bastion:22"}                # tls: true, tls_config: {...} for TLS
 * - name: dns
 *   type: dns
 *   target: api.example.com
 *   record_type: A                   # A AAAA CNAME MX TXT NS SRV SOA PTR CAA ANY
 *   server: 1.1.1.1:53               # default: the system's (resolv.conf)
 *   transport: udp                   # or tcp
 *   expect: {rcode: [NOERROR], answers: [93.184.216.34], answer_matches: ['^93\.'], allow_empty: false}
 * - name: database
 *   type: postgres
 *   target: postgresql://monitor@db:5432/crm?sslmode=require
 *   password_file: /etc/secrets/pg   # or password:, or in the URL
 *   query: SELECT 1                  # default
 *   write_test: true                 # INSERT and DELETE in write_table (default watchkeeper_probe)
 *   pool_size: 4                     # keep a pool and report its figures; 0 (default): connect each time
 * - name: cache
 *   type: redis
 *   target: redis://cache:6379/0     # rediss:// for TLS; or host:port
 *   password_file: /etc/secrets/redis
 *   round_trip: true                 # SET/GET/DEL of a key of its own; false for read-only replicas
 * }</pre>
 */
final class TargetBinder {
  private TargetBinder() {}

  /** host:port split, for targets. */
  private record HostPort(String host, int port) {}

  static Optional<TcpSpec> tcp(Section s) {
    Optional<HostPort> hp = target(s, "a tcp monitor needs target: host:port").flatMap(t -> hostPort(s, t, -1));
    boolean tls = s.bool("tls", false);
    Optional<TlsSettings> settings = HttpMonitorBinder.tls(s);
    Optional<AddressPreference> ip = HttpMonitorBinder.ip(s);
    int warnDays = (int) s.integer("cert_expiry_warning_days", HttpSpec.DEFAULT_CERT_WARNING_DAYS, 0);
    if (hp.isEmpty() || settings.isEmpty() || ip.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TcpSpec(hp.get().host(), hp.get().port(), tls, settings.get(), ip.get(), warnDays));
  }

  static Optional<DnsSpec> dns(Section s) {
    Optional<String> name = target(s, "a dns monitor needs target: the name to look up");
    DnsRecordType type = DnsRecordType.A;
    Optional<String> typeText = s.string("record_type");
    if (typeText.isPresent()) {
      try {
        type = DnsRecordType.parse(typeText.get());
      } catch (IllegalArgumentException e) {
        s.error("record_type", e.getMessage());
        return Optional.empty();
      }
    }
    Optional<String> server = Optional.empty();
    int port = 53;
    Optional<String> serverText = s.string("server");
    if (serverText.isPresent()) {
      Optional<HostPort> hp = hostPort(s, "server", serverText.get(), 53);
      if (hp.isEmpty()) {
        return Optional.empty();
      }
      server = Optional.of(hp.get().host());
      port = hp.get().port();
    }
    String transport = s.string("transport", "udp").toLowerCase(Locale.ROOT);
    if (!transport.equals("udp") && !transport.equals("tcp")) {
      s.error("transport", "transport must be udp or tcp, got \"" + transport + "\"");
    }
    Optional<DnsSpec.Expectations> expect = dnsExpectations(s);
    if (name.isEmpty() || expect.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DnsSpec(name.get(), type, server, port, transport.equals("tcp"), expect.get()));
  }

  private static final Set<String> RCODES = Set.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN",
      "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE");

  private static Optional<DnsSpec.Expectations> dnsExpectations(Section parent) {
    Optional<Section> e = parent.section("expect");
    if (e.isEmpty()) {
      return Optional.of(DnsSpec.Expectations.DEFAULT);
    }
    Section s = e.get();
    int before = s.binder().errors().size();
    Set<String> rcodes = new LinkedHashSet<>();
    for (Section.Located r : HttpMonitorBinder.scalarOrList(s, "rcode")) {
      String code = r.value().strip().toUpperCase(Locale.ROOT);
      if (RCODES.contains(code)) {
        rcodes.add(code);
      } else {
        s.binder().error(r.location(), r.path(), "unknown DNS response code \"" + r.value() + "\" (NOERROR, NXDOMAIN, SERVFAIL, ...)");
      }
    }
    List<String> answers = HttpMonitorBinder.scalarOrList(s, "answers").stream().map(Section.Located::value).toList();
    List<String> matches = HttpMonitorBinder.scalarOrList(s, "answer_matches").stream().map(Section.Located::value)
        .filter(m -> HttpMonitorBinder.validRegex(s, "answer_matches", m)).toList();
    boolean allowEmpty = s.bool("allow_empty", false);
    s.finish(Set.of());
    if (s.binder().errors().size() > before) {
      return Optional.empty();
    }
    return Optional.of(new DnsSpec.Expectations(rcodes.isEmpty() ? Set.of("NOERROR") : rcodes, answers, matches, allowEmpty));
  }

  static Optional<PostgresSpec> postgres(Section s) {
    Optional<String> target = target(s, "a postgres monitor needs target: postgresql://user@host:5432/database");
    Secret password = s.secret("password", "password_file");
    Optional<String> username = s.string("username");
    String query = s.string("query", "SELECT 1");
    boolean writeTest = s.bool("write_test", false);
    String table = s.string("write_table", PostgresSpec.DEFAULT_WRITE_TABLE);
    int pool = (int) s.integer("pool_size", 0, 0);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    String url = target.get().strip();
    String user = username.orElse("");
    if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
      URI u;
      try {
        u = new URI(url);
      } catch (URISyntaxException e) {
        s.error("target", "invalid PostgreSQL URL: " + e.getReason());
        return Optional.empty();
      }
      if (u.getHost() == null) {
        s.error("target", "the PostgreSQL URL has no host (write postgresql://user@host:5432/database)");
        return Optional.empty();
      }
      if (u.getRawUserInfo() != null) {
        String[] info = u.getRawUserInfo().split(":", 2);
        if (user.isEmpty()) {
          user = decode(info[0]);
        }
        if (info.length == 2) {
          if (!password.isEmpty()) {
            s.error("password", "the password is set twice: in target's URL and in password/password_file");
            return Optional.empty();
          }
          password = Secret.of(decode(info[1]));
        }
      }
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/postgres" : u.getRawPath();
      url = "jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + path
          + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    } else if (!url.startsWith("jdbc:postgresql:")) {
      s.error("target", "expected a postgresql://user@host:5432/database or jdbc:postgresql:// URL");
      return Optional.empty();
    }
    try {
      return Optional.of(new PostgresSpec(url, user.isEmpty() ? "postgres" : user, password, query, writeTest, table, pool));
    } catch (IllegalArgumentException e) {
      s.binder().error(s.location(), s.path(), e.getMessage());
      return Optional.empty();
    }
  }

  static Optional<RedisSpec> redis(Section s) {
    Optional<String> target = target(s, "a redis monitor needs target: redis://host:6379 (or host:port)");
    Secret password = s.secret("password", "password_file");
    String username = s.string("username", "");
    long database = s.integer("database", -1, 0);
    boolean roundTrip = s.bool("round_trip", true);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    String t = target.get().strip();
    boolean tls = false;
    HostPort hp;
    if (t.startsWith("redis://") || t.startsWith("rediss://")) {
      tls = t.startsWith("rediss://");
      URI u;
      try {
        u = new URI(t);
      } catch (URISyntaxException e) {
        s.error("target", "invalid Redis URL: " + e.getReason());
        return Optional.empty();
      }
      if (u.getHost() == null) {
        s.error("target", "the Redis URL has no host (write redis://host:6379/0)");
        return Optional.empty();
      }
      hp = new HostPort(u.getHost(), u.getPort() > 0 ? u.getPort() : 6379);
      if (u.getRawUserInfo() != null) {
        String[] info = u.getRawUserInfo().split(":", 2);
        if (username.isEmpty() && !info[0].isEmpty()) {
          username = decode(info[0]);
        }
        if (info.length == 2) {
          if (!password.isEmpty()) {
            s.error("password", "the password is set twice: in target's URL and in password/password_file");
            return Optional.empty();
          }
          password = Secret.of(decode(info[1]));
        }
      }
      String path = u.getPath() == null ? "" : u.getPath().replace("/", "");
      if (!path.isEmpty() && database < 0) {
        try {
          database = Integer.parseInt(path);
        } catch (NumberFormatException e) {
          s.error("target", "the Redis URL's path must be a database number, got \"" + path + "\"");
          return Optional.empty();
        }
      }
    } else {
      Optional<HostPort> plain = hostPort(s, "target", t, 6379);
      if (plain.isEmpty()) {
        return Optional.empty();
      }
      hp = plain.get();
    }
    String host = hp.host().startsWith("[") ? hp.host().substring(1, hp.host().length() - 1) : hp.host();
    return Optional.of(new RedisSpec(host, hp.port(), (int) Math.max(0, database), username, password, tls, roundTrip));
  }

  private static Optional<String> target(Section s, String missing) {
    Optional<String> t = s.string("target");
    if (t.isEmpty() || t.get().isBlank()) {
      s.binder().error(s.location(), s.child("target"), missing);
      return Optional.empty();
    }
    return t;
  }

  private static Optional<HostPort> hostPort(Section s, String target, int defaultPort) {
    return hostPort(s, "target", target, defaultPort);
  }

  /** {@code host:port}, {@code [v6]:port}, or {@code host} when {@code defaultPort > 0}. */
  private static Optional<HostPort> hostPort(Section s, String key, String text, int defaultPort) {
    String t = text.strip();
    if (t.contains("://")) {
      s.error(key, "\"" + t + "\" is a URL; write host:port");
      return Optional.empty();
    }
    String host;
    String port;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        s.error(key, "unclosed [ in \"" + t + "\"");
        return Optional.empty();
      }
      host = t.substring(1, close);
      port = close + 1 < t.length() && t.charAt(close + 1) == ':' ? t.substring(close + 2) : "";
    } else {
      int colon = t.lastIndexOf(':');
      if (colon >= 0 && t.indexOf(':') != colon) {
        s.error(key, "write IPv6 addresses in brackets: [" + t + "]:port");
        return Optional.empty();
      }
      host = colon < 0 ? t : t.substring(0, colon);
      port = colon < 0 ? "" : t.substring(colon + 1);
    }
    if (host.isEmpty()) {
      s.error(key, "\"" + t + "\" has no host");
      return Optional.empty();
    }
    if (port.isEmpty()) {
      if (defaultPort > 0) {
        return Optional.of(new HostPort(host, defaultPort));
      }
      s.error(key, "\"" + t + "\" has no port (write host:port)");
      return Optional.empty();
    }
    try {
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return Optional.of(new HostPort(host, p));
    } catch (NumberFormatException e) {
      s.error(key, "invalid port \"" + port + "\" in \"" + t + "\" (1 to 65535)");
      return Optional.empty();
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
