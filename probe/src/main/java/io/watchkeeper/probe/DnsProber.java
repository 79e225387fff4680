package io.watchkeeper.probe;

import io.watchkeeper.probe.dns.DnsClient;
import io.watchkeeper.probe.dns.DnsMessage;
import io.watchkeeper.probe.dns.DnsRecord;
import io.watchkeeper.probe.dns.DnsRecordType;
import io.watchkeeper.probe.net.Durations;
import io.watchkeeper.probe.net.IpFamily;
import io.watchkeeper.probe.net.ProbeIoException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a {@link DnsSpec}: one query to the configured (or the system's) server, the response
 * code and answers checked. Writes blackbox_exporter's dns prober series: {@code
 * probe_dns_lookup_time_seconds}, {@code probe_dns_answer_rrs}, {@code probe_dns_authority_rrs},
 * {@code probe_dns_additional_rrs}, {@code probe_dns_query_succeeded}, {@code probe_ip_protocol}.
 * Thread-safe: immutable.
 */
final class DnsProber implements Prober {
  private final DnsSpec spec;
  private final DnsClient client;
  private final Supplier<InetSocketAddress> server;
  private final List<Pattern> matches;

  /** @param systemServer the server used when the spec names none */
  DnsProber(DnsSpec spec, DnsClient client, Supplier<InetSocketAddress> systemServer) {
    this.spec = spec;
    this.client = client;
    this.server = spec.server().isPresent() ? () -> new InetSocketAddress(spec.server().get(), spec.serverPort()) : systemServer;
    this.matches = spec.expect().answerMatches().stream().map(Pattern::compile).toList();
  }

  @Override
  public ProbeOutcome probe(ProbeContext context, ProbeSamples samples) {
    InetSocketAddress to = server.get();
    if (to.isUnresolved()) {
      samples.add("probe_dns_query_succeeded", 0);
      return ProbeOutcome.failed("cannot resolve DNS server " + to.getHostString());
    }
    samples.add("probe_ip_protocol", IpFamily.of(to.getAddress()).number());
    long start = context.deadline().nanoTime().getAsLong();
    DnsMessage answer;
    try {
      answer = client.query(to, spec.name(), spec.recordType(), spec.tcp(), context.deadline());
    } catch (ProbeIoException e) {
      samples.add("probe_dns_lookup_time_seconds", (context.deadline().nanoTime().getAsLong() - start) / 1e9);
      samples.add("probe_dns_query_succeeded", 0);
      return ProbeOutcome.failed(e.getMessage());
    }
    long took = context.deadline().nanoTime().getAsLong() - start;
    samples.add("probe_dns_lookup_time_seconds", took / 1e9);
    samples.add("probe_dns_query_succeeded", 1);
    samples.add("probe_dns_answer_rrs", answer.answers().size());
    samples.add("probe_dns_authority_rrs", answer.authority().size());
    samples.add("probe_dns_additional_rrs", answer.additional().size());
    Optional<String> failure = check(answer);
    return failure.map(ProbeOutcome::failed)
        .orElseGet(() -> ProbeOutcome.healthy(describe(answer) + " in " + Durations.formatNanos(took)));
  }

  private String question() {
    return spec.recordType() + " " + spec.name();
  }

  private List<String> data(DnsMessage answer) {
    return answer.answers().stream()
        .filter(r -> spec.recordType() == DnsRecordType.ANY || r.type() == spec.recordType().code())
        .map(DnsRecord::data).toList();
  }

  private Optional<String> check(DnsMessage answer) {
    DnsSpec.Expectations e = spec.expect();
    if (!e.rcodes().contains(answer.rcodeName())) {
      return Optional.of(answer.rcodeName() + " for " + question() + " (expected " + String.join(" or ", e.rcodes()) + ")");
    }
    List<String> data = data(answer);
    if (data.isEmpty() && !e.allowEmpty() && answer.rcode() == 0) {
      return Optional.of("no " + spec.recordType() + " records for " + spec.name());
    }
    for (String want : e.answers()) {
      if (data.stream().noneMatch(d -> sameData(d, want))) {
        return Optional.of(question() + " answered " + shortList(data) + ", which lacks " + want);
      }
    }
    for (Pattern p : matches) {
      if (data.stream().noneMatch(d -> p.matcher(d).find())) {
        return Optional.of("no answer for " + question() + " matches /" + p.pattern() + "/ (got " + shortList(data) + ")");
      }
    }
    return Optional.empty();
  }

  /** Equal, or equal as names: without case and trailing dots. */
  static boolean sameData(String got, String want) {
    return got.equals(want) || normalize(got).equals(normalize(want));
  }

  private static String normalize(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    while (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    return t.replace(". ", " ");
  }

  private String describe(DnsMessage answer) {
    List<String> data = data(answer);
    return question() + ": " + (data.isEmpty() ? answer.rcodeName() : shortList(data));
  }

  private static String shortList(List<String> data) {
    if (data.isEmpty()) {
      return "nothing";
    }
    List<String> head = data.size() > 5 ? data.subList(0, 5) : data;
    return String.join(", ", head) + (data.size() > 5 ? " and " + (data.size() - 5) + " more" : "");
  }
}
