package io.watchkeeper.server.config;

import io.watchkeeper.probe.Extraction;
import io.watchkeeper.probe.HttpExpectations;
import io.watchkeeper.probe.HttpRequestSpec;
import io.watchkeeper.probe.HttpSpec;
import io.watchkeeper.probe.JourneySpec;
import io.watchkeeper.probe.JourneyStep;
import io.watchkeeper.probe.json.JsonException;
import io.watchkeeper.probe.json.JsonPath;
import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.TlsSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of {@code type: journey} monitors: {@code variables:} and {@code steps:}, each step an
 * HTTP request with its own {@code expect:} and an {@code extract:} of values for later steps.
 *
 * <p>In a step's url, header values and body, {@code ${name}} is a journey variable when {@code
 * variables:} or an earlier step's {@code extract:} sets it (or a built-in: {@code __random},
 * {@code __timestamp}), filled in at each run; otherwise it is an environment variable, expanded
 * here as everywhere in the file. A name that is neither is an error at load, as is one that only a
 * later step sets.
 *
 * <pre>{@code
 * - name: signup
 *   type: journey
 *   interval: 5m
 *   timeout: 30s
 *   variables: {email: "synthetic+${__random}@example.com"}
 *   steps:
 *     - name: register
 *       method: POST
 *       url: https://app.example.com/api/register
 *       headers: {Content-Type: application/json}
 *       body: '{"email": "${email}", "password": "${MONITOR_PASSWORD}"}'
 *       expect: {status: [201]}
 *       extract: {user_id: {json: $.data.id}}
 *     - name: login
 *       method: POST
 *       url: https://app.example.com/api/login
 *       body: '{"email": "${email}", "password": "${MONITOR_PASSWORD}"}'
 *       extract:
 *         token: {json: $.data.token}
 *         session: {header: Set-Cookie, regex: "session=([^;]+)"}
 *     - name: dashboard
 *       url: https://app.example.com/dashboard?user=${user_id}
 *       headers: {Authorization: "Bearer ${token}", Cookie: "session=${session}"}
 *       expect: {body_contains: Welcome}
 * }</pre>
 *
 * Not thread-safe: one binding pass.
 */
final class JourneyBinder {
  private static final Set<String> BUILT_INS = Set.of("__random", "__timestamp");
  /** What an unset environment variable expands to here, to tell it from an empty one. */
  private static final String UNSET = "\u0000unset\u0000";

  private JourneyBinder() {}

  static Optional<JourneySpec> journey(Section s) {
    int before = s.binder().errors().size();
    Map<String, String> variables = variables(s);
    List<Section> stepSections = s.sections("steps");
    if (stepSections.isEmpty()) {
      s.binder().error(s.location(), s.child("steps"), "a journey needs steps: a list of HTTP requests");
    }
    Set<String> known = new HashSet<>(BUILT_INS);
    known.addAll(variables.keySet());
    Set<String> later = new HashSet<>();
    for (Section step : stepSections) {
      later.addAll(extractedNames(step));
    }
    List<JourneyStep> steps = new ArrayList<>();
    Set<String> stepNames = new HashSet<>();
    for (Section step : stepSections) {
      Optional<JourneyStep> bound = step(step, known, later, stepNames);
      bound.ifPresent(b -> {
        steps.add(b);
        known.addAll(b.extract().keySet());
      });
    }
    Optional<TlsSettings> tls = HttpMonitorBinder.tls(s);
    Optional<AddressPreference> ip = HttpMonitorBinder.ip(s);
    long limit = HttpMonitorBinder.bodyLimit(s);
    if (s.binder().errors().size() > before || tls.isEmpty() || ip.isEmpty() || steps.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new JourneySpec(steps, variables, tls.get(), ip.get(), limit));
  }

  private static Map<String, String> variables(Section s) {
    Map<String, String> out = new LinkedHashMap<>();
    Optional<YamlNode> node = s.take("variables");
    if (node.isEmpty()) {
      return out;
    }
    if (!(node.get() instanceof YamlNode.MapNode m)) {
      s.binder().error(node.get().location(), s.child("variables"), "expected a map of name: value, got " + node.get().kind());
      return out;
    }
    for (YamlNode.Entry e : m.entries().values()) {
      String path = s.child("variables") + "." + e.key();
      if (!JourneyStep.isVariableName(e.key()) || BUILT_INS.contains(e.key())) {
        s.binder().error(e.keyLocation(), path, "variable names are letters, digits and _ (and not " + String.join(", ",
            BUILT_INS) + ")");
        continue;
      }
      if (!(e.value() instanceof YamlNode.Scalar v)) {
        s.binder().error(e.value().location(), path, "expected a value, got " + e.value().kind());
        continue;
      }
      template(s, v.isNull() ? "" : v.text(), v.location(), path, BUILT_INS, Set.of()).ifPresent(t -> out.put(e.key(), t));
    }
    return out;
  }

  private static Set<String> extractedNames(Section step) {
    Optional<YamlNode> node = step.take("extract");
    Set<String> names = new HashSet<>();
    if (node.isPresent() && node.get() instanceof YamlNode.MapNode m) {
      names.addAll(m.entries().keySet());
    }
    return names;
  }

  private static Optional<JourneyStep> step(Section s, Set<String> known, Set<String> later, Set<String> stepNames) {
    int before = s.binder().errors().size();
    Optional<String> name = s.string("name");
    if (name.isEmpty() || name.get().isBlank()) {
      s.binder().error(s.location(), s.child("name"), "every step needs a name (it labels the step's series)");
    } else if (!stepNames.add(name.get())) {
      s.error("name", "step name \"" + name.get() + "\" is used twice in this journey");
    }
    if (!s.has("url")) {
      s.binder().error(s.location(), s.child("url"), "every step needs a url:");
    }
    Optional<String> url = rawText(s, "url", known, later);
    if (url.isPresent() && !url.get().contains("${")) {
      try {
        HttpSpec.uri(url.get());
      } catch (IllegalArgumentException e) {
        s.error("url", e.getMessage());
      }
    }
    Map<String, String> headers = rawHeaders(s, known, later);
    Optional<String> body = rawText(s, "body", known, later);
    Optional<HttpRequestSpec> request = url.isEmpty() ? Optional.empty()
        : HttpMonitorBinder.request(s, url.get(), s.string("method"), headers, body);
    Optional<HttpExpectations> expect = HttpMonitorBinder.expectations(s);
    Map<String, Extraction> extract = extract(s);
    boolean follow = s.bool("follow_redirects", true);
    s.finish(Set.of());
    if (s.binder().errors().size() > before || name.isEmpty() || request.isEmpty() || expect.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new JourneyStep(name.get(), request.get(), expect.get(), extract, follow));
  }

  private static Optional<String> rawText(Section s, String key, Set<String> known, Set<String> later) {
    Optional<YamlNode> node = s.take(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (!(node.get() instanceof YamlNode.Scalar v)) {
      s.binder().error(node.get().location(), s.child(key), "expected a value, got " + node.get().kind());
      return Optional.empty();
    }
    return template(s, v.text(), v.location(), s.child(key), known, later);
  }

  private static Map<String, String> rawHeaders(Section s, Set<String> known, Set<String> later) {
    Map<String, String> out = new LinkedHashMap<>();
    Optional<YamlNode> node = s.take("headers");
    if (node.isEmpty()) {
      return out;
    }
    if (!(node.get() instanceof YamlNode.MapNode m)) {
      s.binder().error(node.get().location(), s.child("headers"), "expected a map of header: value, got " + node.get().kind());
      return out;
    }
    for (YamlNode.Entry e : m.entries().values()) {
      String path = s.child("headers") + "." + e.key();
      if (e.value() instanceof YamlNode.Scalar v) {
        template(s, v.isNull() ? "" : v.text(), v.location(), path, known, later).ifPresent(t -> out.put(e.key(), t));
      } else {
        s.binder().error(e.value().location(), path, "expected a value, got " + e.value().kind());
      }
    }
    return out;
  }

  /**
   * Keeps references to journey variables for run time and expands environment variables now
   * (escaping their {@code $} so run time leaves them alone); a reference that is neither is an
   * error here.
   */
  private static Optional<String> template(Section s, String text, YamlNode.Location at, String path, Set<String> known,
      Set<String> later) {
    StringBuilder out = new StringBuilder(text.length());
    boolean ok = true;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append("$$");
        i += 2;
        continue;
      }
      if (c != '$' || i + 1 >= text.length() || text.charAt(i + 1) != '{') {
        out.append(c);
        i++;
        continue;
      }
      int end = text.indexOf('}', i);
      if (end < 0) {
        s.binder().error(at, path, "unclosed ${ in \"" + text + "\"");
        return Optional.empty();
      }
      String name = text.substring(i + 2, end);
      if (known.contains(name)) {
        out.append("${").append(name).append('}');
      } else if (later.contains(name)) {
        s.binder().error(at, path, "${" + name + "} is extracted only by a later step; steps run in order");
        ok = false;
      } else {
        String env = s.binder().expand("${" + name + ":-" + UNSET + "}", at, path);
        if (env.equals(UNSET)) {
          s.binder().error(at, path, "${" + name + "} is neither a journey variable (set by variables: or an earlier step's"
              + " extract:) nor an environment variable");
          ok = false;
        } else {
          out.append(env.replace("$", "$$"));
        }
      }
      i = end + 1;
    }
    return ok ? Optional.of(out.toString()) : Optional.empty();
  }

  private static Map<String, Extraction> extract(Section s) {
    Map<String, Extraction> out = new LinkedHashMap<>();
    Optional<YamlNode> node = s.take("extract");
    if (node.isEmpty()) {
      return out;
    }
    if (!(node.get() instanceof YamlNode.MapNode m)) {
      s.binder().error(node.get().location(), s.child("extract"), "expected a map of variable: {json|regex|header: ...}, got "
          + node.get().kind());
      return out;
    }
    for (YamlNode.Entry e : m.entries().values()) {
      String var = e.key();
      String path = s.child("extract") + "." + var;
      if (!JourneyStep.isVariableName(var) || BUILT_INS.contains(var)) {
        s.binder().error(e.keyLocation(), path, "variable names are letters, digits and _, got \"" + var + "\"");
        continue;
      }
      if (!(e.value() instanceof YamlNode.MapNode how)) {
        s.binder().error(e.value().location(), path, "expected {json: <path>}, {regex: <expression>} or {header: <name>}, got "
            + e.value().kind());
        continue;
      }
      extraction(new Section(s.binder(), path, how)).ifPresent(x -> out.put(var, x));
    }
    return out;
  }

  private static Optional<Extraction> extraction(Section h) {
    Optional<String> json = h.rawString("json");
    Optional<String> regex = h.rawString("regex");
    Optional<String> header = h.string("header");
    h.finish(Set.of());
    if (json.isPresent() && header.isPresent()) {
      h.binder().error(h.location(), h.path(), "take the value from json: or from header:, not both");
      return Optional.empty();
    }
    if (json.isEmpty() && header.isEmpty() && regex.isEmpty()) {
      h.binder().error(h.location(), h.path(), "say where the value comes from: json: <path>, regex: <expression> (on the"
          + " body) or header: <name> (with an optional regex:)");
      return Optional.empty();
    }
    if (regex.isPresent() && !HttpMonitorBinder.validRegex(h, "regex", regex.get())) {
      return Optional.empty();
    }
    if (json.isPresent()) {
      try {
        JsonPath.compile(json.get());
      } catch (JsonException e) {
        h.error("json", e.getMessage());
        return Optional.empty();
      }
      return Optional.of(new Extraction(Extraction.Source.JSON, json.get(), regex));
    }
    if (header.isPresent()) {
      return Optional.of(new Extraction(Extraction.Source.HEADER, header.get(), regex));
    }
    return Optional.of(new Extraction(Extraction.Source.REGEX, regex.orElseThrow(), Optional.empty()));
  }
}
