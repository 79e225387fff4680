package io.watchkeeper.server.config;

import io.watchkeeper.model.Secret;
import io.watchkeeper.probe.HttpAuth;
import io.watchkeeper.probe.HttpExpectations;
import io.watchkeeper.probe.HttpRequestSpec;
import io.watchkeeper.probe.HttpSpec;
import io.watchkeeper.probe.JsonAssertion;
import io.watchkeeper.probe.json.JsonException;
import io.watchkeeper.probe.json.JsonPath;
import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.IpFamily;
import io.watchkeeper.probe.net.TlsSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The keys of {@code type: http} monitors, and the pieces journeys share with them: request
 * (method, headers, body, {@code basic_auth}, {@code authorization} or {@code bearer_token}),
 * {@code expect:}, {@code tls_config:}, {@code ip_protocol}. Not thread-safe: one binding pass.
 *
 * <pre>{@code
 * - name: api
 *   type: http
 *   url: https://api.example.com/health
 *   method: POST                         # default GET
 *   headers: {X-Team: payments}
 *   body: '{"ping": true}'
 *   basic_auth: {username: probe, password_file: /etc/secrets/probe}
 *   authorization: {type: Bearer, credentials_file: /etc/secrets/token}   # or bearer_token(_file)
 *   follow_redirects: true
 *   body_size_limit: 10MB
 *   tls_config: {insecure_skip_verify: false, ca_file: ca.pem, server_name: api.internal}
 *   cert_expiry_warning_days: 14
 *   ip_protocol: ip4                     # or ip6; ip_protocol_fallback: true
 *   expect:
 *     status: [200, 3xx]                 # default 2xx
 *     body_contains: ok                  # one text or a list; body_not_contains too
 *     body_matches: '"status":\s*"ok"'   # regular expressions; body_not_matches too
 *     json: [{path: $.status, equals: ok}, {path: $.data.id, matches: '\d+'}, {path: $.version}]
 *     headers: {Content-Type: json}      # header -> regular expression
 * }</pre>
 */
final class HttpMonitorBinder {
  private HttpMonitorBinder() {}

  static Optional<HttpSpec> http(Section s) {
    Optional<String> url = s.string("url");
    if (url.isEmpty()) {
      s.binder().error(s.location(), s.child("url"), "an http monitor needs url: (e.g. https://api.example.com/health)");
      return Optional.empty();
    }
    try {
      HttpSpec.uri(url.get());
    } catch (IllegalArgumentException e) {
      s.error("url", e.getMessage());
      return Optional.empty();
    }
    Optional<HttpRequestSpec> request = request(s, url.get(), s.string("method"), s.stringMap("headers"), s.string("body"));
    Optional<HttpExpectations> expect = expectations(s);
    boolean follow = s.bool("follow_redirects", true);
    Optional<TlsSettings> tls = tls(s);
    Optional<AddressPreference> ip = ip(s);
    long limit = bodyLimit(s);
    int warnDays = (int) s.integer("cert_expiry_warning_days", HttpSpec.DEFAULT_CERT_WARNING_DAYS, 0);
    if (request.isEmpty() || expect.isEmpty() || tls.isEmpty() || ip.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HttpSpec(request.get(), expect.get(), follow, tls.get(), ip.get(), limit, warnDays));
  }

  /** The request keys; {@code url}, method, headers and body already read (journeys read them raw). */
  static Optional<HttpRequestSpec> request(Section s, String url, Optional<String> method, Map<String, String> headers,
      Optional<String> body) {
    String m = method.orElse("GET").strip().toUpperCase(Locale.ROOT);
    if (m.isEmpty() || !m.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      s.error("method", "method must be a word such as GET, POST or HEAD, got \"" + method.orElse("") + "\"");
      return Optional.empty();
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      try {
        new io.watchkeeper.probe.net.Header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) {
        s.error("headers", e.getMessage());
        return Optional.empty();
      }
    }
    Optional<HttpAuth> auth = auth(s);
    if (auth.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HttpRequestSpec(m, url, headers, body, auth.get()));
  }

  /** {@code basic_auth}, {@code authorization} or {@code bearer_token(_file)}: at most one. */
  static Optional<HttpAuth> auth(Section s) {
    int kinds = (s.has("basic_auth") ? 1 : 0) + (s.has("authorization") ? 1 : 0)
        + (s.has("bearer_token") || s.has("bearer_token_file") ? 1 : 0);
    if (kinds > 1) {
      s.binder().error(s.location(), s.path(), "at most one of basic_auth, authorization and bearer_token may be configured");
      s.take("basic_auth");
      s.take("authorization");
      s.take("bearer_token");
      s.take("bearer_token_file");
      return Optional.empty();
    }
    Optional<Section> basic = s.section("basic_auth");
    if (basic.isPresent()) {
      String user = basic.get().string("username", "");
      Secret pw = basic.get().secret("password", "password_file");
      basic.get().finish(Set.of());
      if (user.isEmpty()) {
        basic.get().error("username", "basic_auth needs a username");
        return Optional.empty();
      }
      return Optional.of(new HttpAuth.Basic(user, pw));
    }
    Optional<Section> authorization = s.section("authorization");
    if (authorization.isPresent()) {
      String type = authorization.get().string("type", "Bearer");
      Secret credentials = authorization.get().secret("credentials", "credentials_file");
      authorization.get().finish(Set.of());
      try {
        return Optional.of(new HttpAuth.Token(type, credentials));
      } catch (IllegalArgumentException e) {
        authorization.get().error("type", e.getMessage());
        return Optional.empty();
      }
    }
    Secret bearer = s.secret("bearer_token", "bearer_token_file");
    return Optional.of(bearer.isEmpty() ? HttpAuth.NONE : new HttpAuth.Token("Bearer", bearer));
  }

  /** {@code expect:}, or the default (any 2xx). */
  static Optional<HttpExpectations> expectations(Section parent) {
    Optional<Section> e = parent.section("expect");
    if (e.isEmpty()) {
      return Optional.of(HttpExpectations.DEFAULT);
    }
    Section s = e.get();
    int before = s.binder().errors().size();
    Set<Integer> codes = statusCodes(s);
    List<String> contains = strings(s, "body_contains");
    List<String> notContains = strings(s, "body_not_contains");
    List<String> matches = regexes(s, "body_matches");
    List<String> notMatches = regexes(s, "body_not_matches");
    List<JsonAssertion> json = json(s);
    Map<String, String> headers = new LinkedHashMap<>();
    s.stringMap("headers").forEach((name, regex) -> {
      if (validRegex(s, "headers", regex)) {
        headers.put(name, regex);
      }
    });
    s.finish(Set.of());
    if (s.binder().errors().size() > before) {
      return Optional.empty();
    }
    return Optional.of(new HttpExpectations(codes, contains, notContains, matches, notMatches, json, headers));
  }

  private static Set<Integer> statusCodes(Section s) {
    Set<Integer> codes = new LinkedHashSet<>();
    for (Section.Located v : scalarOrList(s, "status")) {
      String t = v.value().strip().toLowerCase(Locale.ROOT);
      if (t.length() == 3 && t.endsWith("xx") && t.charAt(0) >= '1' && t.charAt(0) <= '5') {
        int base = (t.charAt(0) - '0') * 100;
        for (int c = base; c < base + 100; c++) {
          codes.add(c);
        }
        continue;
      }
      try {
        int c = Integer.parseInt(t);
        if (c < 100 || c > 599) {
          throw new NumberFormatException();
        }
        codes.add(c);
      } catch (NumberFormatException ex) {
        s.binder().error(v.location(), v.path(), "expected an HTTP status code (100 to 599) or a class such as 2xx, got \""
            + v.value() + "\"");
      }
    }
    return codes;
  }

  private static List<String> strings(Section s, String key) {
    return scalarOrList(s, key).stream().map(Section.Located::value).toList();
  }

  private static List<String> regexes(Section s, String key) {
    List<String> out = new ArrayList<>();
    for (Section.Located v : scalarOrList(s, key)) {
      try {
        Pattern.compile(v.value());
        out.add(v.value());
      } catch (PatternSyntaxException e) {
        s.binder().error(v.location(), v.path(), "invalid regular expression \"" + v.value() + "\": " + e.getDescription());
      }
    }
    return out;
  }

  static boolean validRegex(Section s, String key, String regex) {
    try {
      Pattern.compile(regex);
      return true;
    } catch (PatternSyntaxException e) {
      s.error(key, "invalid regular expression \"" + regex + "\": " + e.getDescription());
      return false;
    }
  }

  private static List<JsonAssertion> json(Section s) {
    List<JsonAssertion> out = new ArrayList<>();
    for (Section j : s.sections("json")) {
      Optional<String> path = j.rawString("path");
      Optional<String> equals = j.string("equals");
      Optional<String> matches = j.rawString("matches");
      j.finish(Set.of());
      if (path.isEmpty()) {
        j.binder().error(j.location(), j.child("path"), "a JSON assertion needs a path such as $.status");
        continue;
      }
      try {
        JsonPath.compile(path.get());
      } catch (JsonException e) {
        j.error("path", e.getMessage());
        continue;
      }
      if (matches.isPresent() && !validRegex(j, "matches", matches.get())) {
        continue;
      }
      out.add(new JsonAssertion(path.get(), equals, matches));
    }
    return out;
  }

  /** A value or a list of values, each with its place. */
  static List<Section.Located> scalarOrList(Section s, String key) {
    Optional<YamlNode> node = s.take(key);
    if (node.isEmpty()) {
      return List.of();
    }
    List<YamlNode> items = node.get() instanceof YamlNode.ListNode l ? l.items() : List.of(node.get());
    List<Section.Located> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlNode item = items.get(i);
      String path = node.get() instanceof YamlNode.ListNode ? s.child(key) + "[" + i + "]" : s.child(key);
      if (item instanceof YamlNode.Scalar sc && !sc.isNull()) {
        out.add(new Section.Located(s.binder().expand(sc.text(), sc.location(), path), sc.location(), path));
      } else {
        s.binder().error(item.location(), path, "expected a value, got " + item.kind());
      }
    }
    return out;
  }

  /** {@code tls_config:}; the CA file is read here, relative to the configuration file. */
  static Optional<TlsSettings> tls(Section parent) {
    Optional<Section> t = parent.section("tls_config");
    if (t.isEmpty()) {
      return Optional.of(TlsSettings.DEFAULT);
    }
    Section s = t.get();
    boolean insecure = s.bool("insecure_skip_verify", false);
    Optional<String> serverName = s.string("server_name");
    Optional<String> caFile = s.string("ca_file");
    s.finish(Set.of("cert_file", "key_file", "min_version", "max_version", "ca", "cert", "key"));
    Optional<String> pem = Optional.empty();
    if (caFile.isPresent()) {
      pem = s.binder().readSecretFile(caFile.get(), s.location(), s.child("ca_file"));
      if (pem.isEmpty()) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new TlsSettings(insecure, pem, serverName));
    } catch (IllegalArgumentException e) {
      s.error("ca_file", e.getMessage());
      return Optional.empty();
    }
  }

  /** {@code ip_protocol} and {@code ip_protocol_fallback}. */
  static Optional<AddressPreference> ip(Section s) {
    Optional<String> p = s.string("ip_protocol");
    boolean fallback = s.bool("ip_protocol_fallback", true);
    if (p.isEmpty()) {
      return Optional.of(new AddressPreference(IpFamily.IP4, fallback));
    }
    try {
      return Optional.of(new AddressPreference(IpFamily.parse(p.get()), fallback));
    } catch (IllegalArgumentException e) {
      s.error("ip_protocol", e.getMessage());
      return Optional.empty();
    }
  }

  /** {@code body_size_limit}, default 10 MiB. */
  static long bodyLimit(Section s) {
    long limit = s.bytes("body_size_limit", HttpSpec.DEFAULT_BODY_LIMIT);
    if (limit <= 0) {
      s.error("body_size_limit", "must be > 0");
      return HttpSpec.DEFAULT_BODY_LIMIT;
    }
    return limit;
  }
}
