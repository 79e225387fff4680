package io.watchkeeper.server;

import io.watchkeeper.model.PromDuration;
import io.watchkeeper.probe.HttpExpectations;
import io.watchkeeper.probe.HttpRequestSpec;
import io.watchkeeper.probe.HttpSpec;
import io.watchkeeper.probe.LatencyThresholds;
import io.watchkeeper.probe.MonitorConfig;
import io.watchkeeper.probe.OneShotCheck;
import io.watchkeeper.probe.Probers;
import io.watchkeeper.probe.Status;
import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.TlsSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code watchkeeper probe URL...}: checks each URL once, all at once, and prints a verdict per URL
 * (status, time, TLS expiry) in argument order, then a summary. Exits 1 when any URL is unhealthy,
 * 2 on bad arguments, 0 otherwise: the seeds' quick-health-check.
 */
@Command(name = "probe", description = "Check URLs once and print a verdict for each (status, time, TLS certificate expiry)."
    + " Exits 1 when any is unhealthy.")
final class ProbeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "URL", arity = "1..*", description = "http:// or https:// URLs to check.")
  List<String> urls;

  @CommandLine.Option(names = "--timeout", defaultValue = "10s", description = "Time allowed per URL (default: ${DEFAULT-VALUE}).")
  String timeout;

  @CommandLine.Option(names = "--expect-status", split = ",", paramLabel = "CODE",
      description = "Accepted status codes (default: any 2xx).")
  List<Integer> expectStatus;

  @CommandLine.Option(names = "--degraded", paramLabel = "DURATION", description = "Slower than this is degraded, e.g. 500ms.")
  String degraded;

  @CommandLine.Option(names = "--unhealthy", paramLabel = "DURATION", description = "Slower than this is unhealthy, e.g. 2s.")
  String unhealthy;

  @CommandLine.Option(names = "--cert-warning-days", defaultValue = "14",
      description = "A certificate expiring sooner is degraded (default: ${DEFAULT-VALUE}).")
  int certWarningDays;

  @CommandLine.Option(names = "--insecure", description = "Do not verify TLS certificates (their expiry is still shown).")
  boolean insecure;

  @CommandLine.Option(names = "--ca-file", paramLabel = "FILE", description = "PEM certificates to trust instead of the JDK's.")
  Path caFile;

  @CommandLine.Option(names = "--no-follow", description = "Do not follow redirects.")
  boolean noFollow;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    List<MonitorConfig> monitors;
    try {
      monitors = monitors();
    } catch (IllegalArgumentException | IOException e) {
      spec.commandLine().getErr().println("probe: " + e.getMessage());
      return 2;
    }
    OneShotCheck checks = new OneShotCheck(Probers.standard(BuildInfo.current().version()), InstantSource.system(),
        System::nanoTime);
    List<OneShotCheck.Report> reports = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<OneShotCheck.Report>> futures = new ArrayList<>();
      for (MonitorConfig m : monitors) {
        futures.add(pool.submit(() -> checks.run(m)));
      }
      for (Future<OneShotCheck.Report> f : futures) {
        try {
          reports.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("BUG: a one-shot check failed unexpectedly", e.getCause());
        }
      }
    }
    print(out, reports, Instant.now());
    return reports.stream().anyMatch(r -> r.result().verdict() == Status.UNHEALTHY) ? 1 : 0;
  }

  private List<MonitorConfig> monitors() throws IOException {
    Duration t = PromDuration.parse(timeout);
    if (t.isZero()) {
      throw new IllegalArgumentException("--timeout must be > 0");
    }
    LatencyThresholds thresholds = new LatencyThresholds(Optional.ofNullable(degraded).map(PromDuration::parse),
        Optional.ofNullable(unhealthy).map(PromDuration::parse));
    Optional<String> pem = caFile == null ? Optional.empty() : Optional.of(Files.readString(caFile));
    TlsSettings tls = new TlsSettings(insecure, pem, Optional.empty());
    Set<Integer> codes = expectStatus == null ? Set.of() : new HashSet<>(expectStatus);
    HttpExpectations expect = new HttpExpectations(codes, List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());
    List<MonitorConfig> out = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      HttpSpec s = new HttpSpec(HttpRequestSpec.get(urls.get(i)), expect, !noFollow, tls, AddressPreference.DEFAULT,
          HttpSpec.DEFAULT_BODY_LIMIT, certWarningDays);
      out.add(new MonitorConfig("url-" + i, t.compareTo(Duration.ofMinutes(1)) > 0 ? t : Duration.ofMinutes(1), t, 0, 1, 1,
          thresholds, Map.of(), s));
    }
    return out;
  }

  /** One line per URL, aligned, then the counts. */
  void print(PrintWriter out, List<OneShotCheck.Report> reports, Instant now) {
    int width = urls.stream().mapToInt(String::length).max().orElse(0);
    int healthy = 0;
    int degradedCount = 0;
    int unhealthyCount = 0;
    for (int i = 0; i < reports.size(); i++) {
      OneShotCheck.Report r = reports.get(i);
      Status v = r.result().verdict();
      switch (v) {
        case HEALTHY -> healthy++;
        case DEGRADED -> degradedCount++;
        default -> unhealthyCount++;
      }
      StringBuilder line = new StringBuilder();
      line.append(String.format(Locale.ROOT, "%-9s  %-" + width + "s  %s", v.text().toUpperCase(Locale.ROOT), urls.get(i),
          r.result().message()));
      tlsExpiry(r, now).ifPresent(e -> line.append("  [").append(e).append(']'));
      out.println(line.toString().stripTrailing());
    }
    out.println(healthy + " healthy, " + degradedCount + " degraded, " + unhealthyCount + " unhealthy");
  }

  private static Optional<String> tlsExpiry(OneShotCheck.Report r, Instant now) {
    OptionalDouble expiry = r.value("probe_ssl_earliest_cert_expiry");
    if (expiry.isEmpty()) {
      return Optional.empty();
    }
    Instant at = Instant.ofEpochSecond((long) expiry.getAsDouble());
    long days = Duration.between(now, at).toDays();
    return Optional.of("TLS certificate " + (at.isBefore(now) ? "expired " + at.toString().substring(0, 10)
        : "expires " + at.toString().substring(0, 10) + " (in " + days + " days)"));
  }
}
