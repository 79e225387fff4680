package io.watchkeeper.probe;

import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.TlsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * An HTTP(S) check ({@code type: http}): one request, its response checked against {@link
 * HttpExpectations}, TLS verified and its certificate's expiry watched.
 *
 * @param followRedirects whether 3xx answers are followed (up to 10)
 * @param bodySizeLimitBytes the largest response body accepted (a larger one fails the check)
 * @param certExpiryWarningDays a certificate expiring sooner than this makes the check degraded; 0 never
 */
public record HttpSpec(HttpRequestSpec request, HttpExpectations expect, boolean followRedirects, TlsSettings tls,
    AddressPreference ip, long bodySizeLimitBytes, int certExpiryWarningDays) implements ProbeSpec {
  /** The default response body limit: 10 MiB. */
  public static final long DEFAULT_BODY_LIMIT = 10L << 20;
  /** The default certificate expiry warning: 14 days. */
  public static final int DEFAULT_CERT_WARNING_DAYS = 14;

  public HttpSpec {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(expect, "expect");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(ip, "ip");
    uri(request.url());
    if (bodySizeLimitBytes <= 0) {
      throw new IllegalArgumentException("body_size_limit must be > 0, got " + bodySizeLimitBytes);
    }
    if (certExpiryWarningDays < 0) {
      throw new IllegalArgumentException("cert_expiry_warning_days must not be negative, got " + certExpiryWarningDays);
    }
  }

  /** A GET of {@code url} expecting 2xx, with the defaults. */
  public static HttpSpec get(String url) {
    return new HttpSpec(HttpRequestSpec.get(url), HttpExpectations.DEFAULT, true, TlsSettings.DEFAULT, AddressPreference.DEFAULT,
        DEFAULT_BODY_LIMIT, DEFAULT_CERT_WARNING_DAYS);
  }

  @Override
  public MonitorType type() {
    return MonitorType.HTTP;
  }

  /**
   * Parses an absolute http(s) URL.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static URI uri(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid URL \"" + url + "\": " + e.getReason(), e);
    }
    String scheme = u.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("URL must start with http:// or https://, got \"" + url + "\"");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw new IllegalArgumentException("URL has no host: \"" + url + "\"");
    }
    return u;
  }
}
