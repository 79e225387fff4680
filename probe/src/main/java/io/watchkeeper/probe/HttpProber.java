package io.watchkeeper.probe;

import io.watchkeeper.probe.net.ConnectTrace;
import io.watchkeeper.probe.net.Durations;
import io.watchkeeper.probe.net.Header;
import io.watchkeeper.probe.net.HttpProbeClient;
import io.watchkeeper.probe.net.HttpRequestData;
import io.watchkeeper.probe.net.HttpResult;
import io.watchkeeper.probe.net.ProbeIoException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs an {@link HttpSpec}: one request (following redirects if asked), the response checked
 * against the expectations, the certificate's expiry compared with the warning. Writes
 * blackbox_exporter's http prober series. Thread-safe: immutable.
 */
final class HttpProber implements Prober {
  private final HttpSpec spec;
  private final HttpProbeClient client;
  private final HttpAssertions assertions;
  private final HttpRequestData request;
  private final HttpProbeClient.Options options;

  HttpProber(HttpSpec spec, HttpProbeClient client) {
    this.spec = spec;
    this.client = client;
    this.assertions = new HttpAssertions(spec.expect());
    this.request = request(spec.request(), spec.request().url(), spec.request().headers().entrySet().stream()
        .map(e -> new Header(e.getKey(), e.getValue())).toList(), spec.request().body());
    this.options = new HttpProbeClient.Options(spec.followRedirects(), 10, spec.bodySizeLimitBytes(), assertions.needsBody(),
        spec.tls(), spec.ip());
  }

  /** The request to send: the spec's, with its credentials. */
  static HttpRequestData request(HttpRequestSpec spec, String url, List<Header> headers, Optional<String> body) {
    List<Header> all = new ArrayList<>(headers);
    spec.auth().headerValue().ifPresent(v -> all.add(new Header("Authorization", v)));
    byte[] bytes = body.map(b -> b.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    return new HttpRequestData(spec.method(), HttpSpec.uri(url), all, bytes);
  }

  @Override
  public ProbeOutcome probe(ProbeContext context, ProbeSamples samples) {
    ConnectTrace trace = new ConnectTrace();
    HttpResult r;
    try {
      r = client.execute(request, options, context.deadline(), trace);
    } catch (ProbeIoException e) {
      HttpSamples.connection(samples, trace);
      HttpSamples.phases(samples, trace);
      return ProbeOutcome.failed(e.getMessage());
    }
    HttpSamples.connection(samples, trace);
    HttpSamples.phases(samples, trace);
    HttpSamples.response(samples, r);
    Optional<String> failure = assertions.check(r, samples);
    if (failure.isPresent()) {
      return ProbeOutcome.failed(failure.get());
    }
    String ok = "HTTP " + r.status() + " in " + Durations.formatNanos(context.deadline().elapsedNanos())
        + (r.redirects() > 0 ? " after " + r.redirects() + " redirect" + (r.redirects() > 1 ? "s" : "") : "");
    Optional<ProbeOutcome> expiry = HttpSamples.expiry(trace.tls().orElse(null), r.uri().getHost(),
        !spec.tls().insecureSkipVerify(), context.startedAt(), spec.certExpiryWarningDays());
    if (expiry.isPresent()) {
      ProbeOutcome e = expiry.get();
      return e.failed() ? e : ProbeOutcome.degraded(ok + "; " + e.message());
    }
    return ProbeOutcome.healthy(ok);
  }
}
