package io.watchkeeper.probe;

import io.watchkeeper.probe.net.ConnectTrace;
import io.watchkeeper.probe.net.HttpResult;
import io.watchkeeper.probe.net.IpFamily;
import io.watchkeeper.probe.net.TlsInfo;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * blackbox_exporter's series for HTTP, TCP and TLS, from a response and its trace; and the
 * certificate-expiry verdict. Stateless.
 */
final class HttpSamples {
  private static final long FNV32_OFFSET = 0x811c9dc5L;
  private static final long FNV32_PRIME = 0x01000193L;

  private HttpSamples() {}

  /** The series of what connecting showed: address family and hash, lookup time, TLS. */
  static void connection(ProbeSamples samples, ConnectTrace trace, String... extra) {
    samples.add("probe_dns_lookup_time_seconds", trace.resolveNanos() / 1e9, extra);
    trace.address().ifPresent(a -> {
      samples.add("probe_ip_protocol", IpFamily.of(a).number(), extra);
      samples.add("probe_ip_addr_hash", addressHash(a), extra);
    });
    trace.tls().ifPresent(t -> tls(samples, t, extra));
  }

  private static void tls(ProbeSamples samples, TlsInfo tls, String... extra) {
    tls.earliestExpiry().ifPresent(e -> samples.add("probe_ssl_earliest_cert_expiry", e.getEpochSecond(), extra));
    tls.versionLabel().ifPresent(v -> samples.add("probe_tls_version_info", 1, with(extra, "version", v)));
  }

  /** The series of an HTTP response (after a complete exchange). */
  static void response(ProbeSamples samples, HttpResult r, String... extra) {
    samples.add("probe_http_status_code", r.status(), extra);
    samples.add("probe_http_content_length", r.contentLength(), extra);
    samples.add("probe_http_uncompressed_body_length", r.bodyBytes(), extra);
    samples.add("probe_http_redirects", r.redirects(), extra);
    samples.add("probe_http_ssl", r.isTls(), extra);
    samples.add("probe_http_version", parseVersion(r.version()), extra);
    r.header("Last-Modified").flatMap(HttpSamples::httpDate)
        .ifPresent(t -> samples.add("probe_http_last_modified_timestamp_seconds", t.getEpochSecond(), extra));
  }

  /** {@code probe_http_duration_seconds{phase}} as blackbox_exporter splits a request. */
  static void phases(ProbeSamples samples, ConnectTrace trace, String... extra) {
    samples.add("probe_http_duration_seconds", trace.resolveNanos() / 1e9, with(extra, "phase", "resolve"));
    samples.add("probe_http_duration_seconds", trace.connectNanos() / 1e9, with(extra, "phase", "connect"));
    samples.add("probe_http_duration_seconds", trace.tlsNanos() / 1e9, with(extra, "phase", "tls"));
    samples.add("probe_http_duration_seconds", trace.processingNanos() / 1e9, with(extra, "phase", "processing"));
    samples.add("probe_http_duration_seconds", trace.transferNanos() / 1e9, with(extra, "phase", "transfer"));
  }

  /**
   * The verdict on the certificates' dates, if they call for one: failed when one has expired and
   * verification is on (a trust anchor's own dates are not checked by PKIX, so a pinned self-signed
   * certificate gets here), degraded when one has expired without verification or expires within
   * {@code warningDays} of {@code now}.
   */
  static Optional<ProbeOutcome> expiry(@Nullable TlsInfo tls, String host, boolean verified, Instant now, int warningDays) {
    if (tls == null) {
      return Optional.empty();
    }
    Optional<Instant> expiry = tls.earliestExpiry();
    if (expiry.isEmpty()) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, expiry.get());
    if (left.isNegative()) {
      String expired = "TLS certificate of " + host + " expired on " + expiry.get() + " (" + tls.leafSubject() + ")";
      return Optional.of(verified ? ProbeOutcome.failed(expired)
          : ProbeOutcome.degraded(expired + "; not verified: insecure_skip_verify"));
    }
    if (warningDays > 0 && left.compareTo(Duration.ofDays(warningDays)) < 0) {
      return Optional.of(ProbeOutcome.degraded("TLS certificate expires in " + left.toDays() + " days, on " + expiry.get()
          + " (warning at " + warningDays + " days)"));
    }
    return Optional.empty();
  }

  private static double parseVersion(String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Optional<Instant> httpDate(String s) {
    try {
      return Optional.of(ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** blackbox_exporter's {@code probe_ip_addr_hash}: FNV-32a of the address text. */
  static double addressHash(InetAddress a) {
    long h = FNV32_OFFSET;
    for (byte b : a.getHostAddress().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h = (h * FNV32_PRIME) & 0xffffffffL;
    }
    return h;
  }

  /** {@code extra} plus one more label pair. */
  static String[] with(String[] extra, String name, String value) {
    List<String> l = new ArrayList<>(List.of(extra));
    l.add(name);
    l.add(value);
    return l.toArray(String[]::new);
  }
}
