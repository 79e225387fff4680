package io.watchkeeper.probe;

import io.watchkeeper.probe.dns.DnsRecordType;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A DNS check ({@code type: dns}, {@code target: name}): one query, its response code and answers
 * checked.
 *
 * @param name the name to look up
 * @param recordType the record type asked for
 * @param server the DNS server's host (an IP literal or name); empty means the system's (from
 *     /etc/resolv.conf)
 * @param serverPort the server's port
 * @param tcp query over TCP instead of UDP
 */
public record DnsSpec(String name, DnsRecordType recordType, Optional<String> server, int serverPort, boolean tcp,
    Expectations expect) implements ProbeSpec {
  public DnsSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(recordType, "recordType");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(expect, "expect");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("target needs a name to look up");
    }
    if (serverPort < 1 || serverPort > 65535) {
      throw new IllegalArgumentException("server port must be 1 to 65535, got " + serverPort);
    }
  }

  /** Looks up {@code name}'s records of {@code type} at the system's server, expecting any answer. */
  public static DnsSpec of(String name, DnsRecordType type) {
    return new DnsSpec(name, type, Optional.empty(), 53, false, Expectations.DEFAULT);
  }

  @Override
  public MonitorType type() {
    return MonitorType.DNS;
  }

  /**
   * What the answer must look like.
   *
   * @param rcodes accepted response codes ({@code NOERROR}, {@code NXDOMAIN}, ...)
   * @param answers values that must each be among the answers' data ({@code 93.184.216.34}, {@code
   *     10 mail.example.com}); names compare without case and trailing dot
   * @param answerMatches regular expressions each of which some answer's data must match
   * @param allowEmpty whether an answer section without records of the asked type passes
   */
  public record Expectations(Set<String> rcodes, List<String> answers, List<String> answerMatches, boolean allowEmpty) {
    /** NOERROR with at least one record of the type asked for. */
    public static final Expectations DEFAULT = new Expectations(Set.of("NOERROR"), List.of(), List.of(), false);

    public Expectations {
      if (rcodes.isEmpty()) {
        throw new IllegalArgumentException("at least one accepted response code is needed");
      }
      rcodes = Collections.unmodifiableSet(new TreeSet<>(rcodes));
      answers = List.copyOf(answers);
      answerMatches = List.copyOf(answerMatches);
      answerMatches.forEach(Pattern::compile);
    }
  }
}
