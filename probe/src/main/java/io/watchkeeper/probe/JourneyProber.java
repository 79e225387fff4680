package io.watchkeeper.probe;

import io.watchkeeper.probe.json.Json;
import io.watchkeeper.probe.json.JsonException;
import io.watchkeeper.probe.json.JsonPath;
import io.watchkeeper.probe.net.ConnectTrace;
import io.watchkeeper.probe.net.Header;
import io.watchkeeper.probe.net.HttpProbeClient;
import io.watchkeeper.probe.net.HttpRequestData;
import io.watchkeeper.probe.net.HttpResult;
import io.watchkeeper.probe.net.ProbeIoException;
import io.watchkeeper.probe.net.Durations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a {@link JourneySpec}: its steps in order within one deadline, each request filled in from
 * the variables, checked, and its extractions added to the variables; stops at the first failing
 * step. Writes {@code probe_journey_step_success{step}}, {@code
 * probe_journey_step_duration_seconds{step}} and {@code probe_http_status_code{step}} per step
 * reached, and {@code probe_journey_steps_passed}. Variable values are never put in messages: they
 * are often tokens. Thread-safe: each run has its own variables.
 */
final class JourneyProber implements Prober {
  private record CompiledStep(JourneyStep step, HttpAssertions assertions, HttpProbeClient.Options options) {}

  private final JourneySpec spec;
  private final HttpProbeClient client;
  private final RandomGenerator random;
  private final List<CompiledStep> steps;

  JourneyProber(JourneySpec spec, HttpProbeClient client, RandomGenerator random) {
    this.spec = spec;
    this.client = client;
    this.random = random;
    List<CompiledStep> compiled = new ArrayList<>();
    for (JourneyStep s : spec.steps()) {
      HttpAssertions a = new HttpAssertions(s.expect());
      boolean keepBody = a.needsBody() || s.extract().values().stream().anyMatch(e -> e.from() != Extraction.Source.HEADER);
      compiled.add(new CompiledStep(s, a, new HttpProbeClient.Options(s.followRedirects(), 10, spec.bodySizeLimitBytes(),
          keepBody, spec.tls(), spec.ip())));
    }
    this.steps = List.copyOf(compiled);
  }

  @Override
  public ProbeOutcome probe(ProbeContext context, ProbeSamples samples) {
    Map<String, String> vars = new HashMap<>();
    vars.put("__random", HexFormat.of().toHexDigits(random.nextLong()));
    vars.put("__timestamp", Long.toString(context.startedAt().toEpochMilli()));
    for (Map.Entry<String, String> v : spec.variables().entrySet()) {
      try {
        vars.put(v.getKey(), Templates.render(v.getValue(), vars));
      } catch (Templates.MissingVariableException e) {
        return ProbeOutcome.failed("variables." + v.getKey() + ": " + e.getMessage());
      }
    }
    int passed = 0;
    long total = 0;
    for (int i = 0; i < steps.size(); i++) {
      CompiledStep cs = steps.get(i);
      long start = context.deadline().nanoTime().getAsLong();
      Optional<String> failure = runStep(cs, vars, context, samples);
      long took = context.deadline().nanoTime().getAsLong() - start;
      total += took;
      String step = cs.step().name();
      samples.add("probe_journey_step_success", failure.isEmpty(), "step", step);
      samples.add("probe_journey_step_duration_seconds", took / 1e9, "step", step);
      if (failure.isPresent()) {
        samples.add("probe_journey_steps_passed", passed);
        return ProbeOutcome.failed("step " + (i + 1) + " of " + steps.size() + " \"" + step + "\" failed: " + failure.get());
      }
      passed++;
    }
    samples.add("probe_journey_steps_passed", passed);
    return ProbeOutcome.healthy(passed + " step" + (passed == 1 ? "" : "s") + " passed in " + Durations.formatNanos(total));
  }

  /** Runs one step; the reason it failed, or empty. */
  private Optional<String> runStep(CompiledStep cs, Map<String, String> vars, ProbeContext context, ProbeSamples samples) {
    JourneyStep s = cs.step();
    HttpRequestData request;
    try {
      String url = Templates.render(s.request().url(), vars);
      List<Header> headers = new ArrayList<>();
      for (Map.Entry<String, String> h : s.request().headers().entrySet()) {
        headers.add(new Header(h.getKey(), Templates.render(h.getValue(), vars)));
      }
      Optional<String> body = s.request().body().isPresent()
          ? Optional.of(Templates.render(s.request().body().get(), vars)) : Optional.empty();
      request = HttpProber.request(s.request(), url, headers, body);
    } catch (Templates.MissingVariableException e) {
      return Optional.of(e.getMessage());
    } catch (IllegalArgumentException e) {
      // The message would show the filled-in URL or header, which may hold a token: say what, not which.
      return Optional.of("the request is invalid after filling in variables (check the URL and header templates)");
    }
    ConnectTrace trace = new ConnectTrace();
    HttpResult r;
    try {
      r = client.execute(request, cs.options(), context.deadline(), trace);
    } catch (ProbeIoException e) {
      return Optional.of(e.getMessage());
    }
    samples.add("probe_http_status_code", r.status(), "step", s.name());
    Optional<String> failure = cs.assertions().check(r, new ProbeSamples());
    if (failure.isPresent()) {
      return failure;
    }
    return extract(s, r, vars);
  }

  private static Optional<String> extract(JourneyStep s, HttpResult r, Map<String, String> vars) {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    Object json = null;
    for (Map.Entry<String, Extraction> e : s.extract().entrySet()) {
      Extraction x = e.getValue();
      Optional<String> value;
      switch (x.from()) {
        case JSON -> {
          try {
            if (json == null) {
              json = Json.parse(body);
            }
            value = JsonPath.compile(x.expression()).select(json).map(Json::text);
          } catch (JsonException ex) {
            return Optional.of("cannot extract " + e.getKey() + ": body is not JSON (" + ex.getMessage() + ")");
          }
        }
        case REGEX -> value = group(Pattern.compile(x.expression()), body);
        case HEADER -> value = r.header(x.expression());
        default -> throw new IllegalStateException("BUG: unknown extraction source " + x.from());
      }
      if (value.isPresent() && x.regex().isPresent() && x.from() != Extraction.Source.REGEX) {
        value = group(Pattern.compile(x.regex().get()), value.get());
      }
      if (value.isEmpty()) {
        return Optional.of("cannot extract " + e.getKey() + ": " + describe(x) + " not found in the response");
      }
      vars.put(e.getKey(), value.get());
    }
    return Optional.empty();
  }

  private static Optional<String> group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.ofNullable(m.groupCount() >= 1 ? m.group(1) : m.group());
  }

  private static String describe(Extraction x) {
    return switch (x.from()) {
      case JSON -> "JSON path " + x.expression();
      case REGEX -> "/" + x.expression() + "/";
      case HEADER -> "header " + x.expression() + x.regex().map(r -> " matching /" + r + "/").orElse("");
    };
  }
}
