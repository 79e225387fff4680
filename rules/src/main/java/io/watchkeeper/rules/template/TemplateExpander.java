package io.watchkeeper.rules.template;

import static io.watchkeeper.rules.template.TemplateFunction.ParamType.ANY;
import static io.watchkeeper.rules.template.TemplateFunction.ParamType.QUERY_RESULT;
import static io.watchkeeper.rules.template.TemplateFunction.ParamType.SAMPLE;
import static io.watchkeeper.rules.template.TemplateFunction.ParamType.STRING;

import io.watchkeeper.model.PromDuration;
import io.watchkeeper.model.Sample;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.rules.template.GoValue.GoMap;
import io.watchkeeper.rules.template.TemplateFunction.FunctionException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Prometheus' template functions bound to one evaluation (Prometheus {@code template.Expander}):
 * {@code query} runs PromQL at the evaluation time; {@code first label value strvalue sortByLabel
 * args reReplaceAll match safeHtml title toUpper toLower graphLink tableLink stripPort stripDomain
 * humanize humanize1024 humanizeDuration humanizePercentage humanizeTimestamp parseDuration
 * pathPrefix externalURL now} as documented in Prometheus' template reference, plus Go's builtins.
 * Immutable and thread-safe if the query is.
 */
public final class TemplateExpander {
  /** Every function name templates may use: for parsing. */
  public static final Set<String> FUNCTION_NAMES;

  static {
    Set<String> names = new java.util.HashSet<>(BuiltinFunctions.all().keySet());
    names.addAll(new TemplateExpander(TemplateQuery.NONE, 0, "").functions.keySet());
    FUNCTION_NAMES = Set.copyOf(names);
  }

  private final TemplateQuery query;
  private final long timeMillis;
  private final String externalUrl;
  private final Map<String, TemplateFunction> functions;

  /**
   * Functions for an evaluation at {@code timeMillis}.
   *
   * @param externalUrl the URL users reach the server at, or empty
   */
  public TemplateExpander(TemplateQuery query, long timeMillis, String externalUrl) {
    this.query = query;
    this.timeMillis = timeMillis;
    this.externalUrl = externalUrl;
    Map<String, TemplateFunction> m = new LinkedHashMap<>(BuiltinFunctions.all());
    for (TemplateFunction f : prometheusFunctions()) {
      m.put(f.name(), f);
    }
    this.functions = Collections.unmodifiableMap(m);
  }

  /** The functions, by name. */
  public Map<String, TemplateFunction> functions() {
    return functions;
  }

  /**
   * Parses an alert label or annotation template as Prometheus does: named {@code __alert_NAME},
   * with {@code $labels}, {@code $externalLabels}, {@code $externalURL} and {@code $value} defined.
   */
  public static Template parseAlertTemplate(String alertName, String text) throws TemplateException {
    return Template.parse("__alert_" + alertName, text, FUNCTION_NAMES, AlertTemplateData.VARIABLES);
  }

  /** Runs an alert template parsed by {@link #parseAlertTemplate} on {@code data}. */
  public String expandAlert(Template template, AlertTemplateData data) throws TemplateException {
    return template.execute(data, data.variableValues(), functions);
  }

  // --- Prometheus' functions -----------------------------------------------------------------

  private List<TemplateFunction> prometheusFunctions() {
    List<TemplateFunction> f = new ArrayList<>();
    f.add(TemplateFunction.of("query", args -> runQuery((String) args.get(0)), STRING));
    f.add(TemplateFunction.of("first", args -> first((QueryResult) args.get(0)), QUERY_RESULT));
    f.add(TemplateFunction.of("label", args -> sample(args.get(1)).labels().get((String) args.get(0)), STRING,
        SAMPLE));
    f.add(TemplateFunction.of("value", args -> sample(args.get(0)).value(), SAMPLE));
    f.add(TemplateFunction.of("strvalue", args -> sample(args.get(0)).labels().get("__value__"), SAMPLE));
    f.add(TemplateFunction.variadic("args", TemplateExpander::args, ANY));
    f.add(TemplateFunction.of("reReplaceAll",
        args -> GoRegexp.replaceAll((String) args.get(0), (String) args.get(1), (String) args.get(2)), STRING, STRING,
        STRING));
    f.add(TemplateFunction.of("safeHtml", args -> new GoValue.SafeHtml((String) args.get(0)), STRING));
    f.add(TemplateFunction.of("match", args -> GoRegexp.matches((String) args.get(0), (String) args.get(1)), STRING,
        STRING));
    f.add(TemplateFunction.of("title", args -> title((String) args.get(0)), STRING));
    f.add(TemplateFunction.of("toUpper", args -> ((String) args.get(0)).toUpperCase(Locale.ROOT), STRING));
    f.add(TemplateFunction.of("toLower", args -> ((String) args.get(0)).toLowerCase(Locale.ROOT), STRING));
    f.add(TemplateFunction.of("graphLink", args -> graphLink((String) args.get(0), 0), STRING));
    f.add(TemplateFunction.of("tableLink", args -> graphLink((String) args.get(0), 1), STRING));
    f.add(TemplateFunction.of("sortByLabel", args -> sortByLabel((String) args.get(0), (QueryResult) args.get(1)),
        STRING, QUERY_RESULT));
    f.add(TemplateFunction.of("stripPort", args -> HostPort.stripPort((String) args.get(0)), STRING));
    f.add(TemplateFunction.of("stripDomain", args -> HostPort.stripDomain((String) args.get(0)), STRING));
    f.add(TemplateFunction.of("humanize", args -> Humanize.humanize(Humanize.toFloat(args.get(0))), ANY));
    f.add(TemplateFunction.of("humanize1024", args -> Humanize.humanize1024(Humanize.toFloat(args.get(0))), ANY));
    f.add(TemplateFunction.of("humanizeDuration", args -> Humanize.duration(Humanize.toFloat(args.get(0))), ANY));
    f.add(TemplateFunction.of("humanizePercentage", args -> Humanize.percentage(Humanize.toFloat(args.get(0))),
        ANY));
    f.add(TemplateFunction.of("humanizeTimestamp", args -> Humanize.timestamp(Humanize.toFloat(args.get(0))), ANY));
    f.add(TemplateFunction.of("parseDuration", args -> parseDuration((String) args.get(0)), STRING));
    f.add(TemplateFunction.of("pathPrefix", args -> pathPrefix()));
    f.add(TemplateFunction.of("externalURL", args -> externalUrl));
    f.add(TemplateFunction.of("now", args -> timeMillis / 1000.0));
    return f;
  }

  private QueryResult runQuery(String expr) throws FunctionException {
    try {
      List<Sample> samples = query.query(expr, timeMillis);
      List<TemplateSample> out = new ArrayList<>(samples.size());
      for (Sample s : samples) {
        out.add(TemplateSample.of(s.labels(), s.value()));
      }
      return new QueryResult(out);
    } catch (QueryException e) {
      throw new FunctionException(e.getMessage(), e);
    }
  }

  private static TemplateSample first(@Nullable QueryResult r) throws FunctionException {
    if (r == null || r.samples().isEmpty()) {
      throw new FunctionException("first() called on vector with no elements");
    }
    return r.samples().get(0);
  }

  private static TemplateSample sample(@Nullable Object s) throws FunctionException {
    if (s == null) {
      throw new FunctionException("runtime error: invalid memory address or nil pointer dereference");
    }
    return (TemplateSample) s;
  }

  private static GoMap args(List<@Nullable Object> args) {
    Map<String, @Nullable Object> m = new TreeMap<>();
    for (int i = 0; i < args.size(); i++) {
      m.put("arg" + i, args.get(i));
    }
    return GoMap.ofAny(m);
  }

  private static @Nullable QueryResult sortByLabel(String label, @Nullable QueryResult r) {
    if (r == null) {
      return null;
    }
    List<TemplateSample> sorted = new ArrayList<>(r.samples());
    sorted.sort(Comparator.comparing(s -> (String) s.labels().get(label)));
    return new QueryResult(sorted);
  }

  /**
   * Title case as Prometheus' {@code cases.Title(language.AmericanEnglish, cases.NoLower)}: the
   * first letter of each word upper-cased, the rest unchanged; apostrophes and dots between letters
   * stay inside a word ({@code don't}).
   */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int[] cps = s.codePoints().toArray();
    boolean inWord = false;
    for (int i = 0; i < cps.length; i++) {
      int cp = cps[i];
      boolean wordChar = Character.isLetterOrDigit(cp) || cp == '_' || Character.getType(cp) == Character.NON_SPACING_MARK;
      boolean joiner = (cp == '\'' || cp == '.' || cp == ':' || cp == '\u2019') && inWord && i > 0
          && Character.isLetter(cps[i - 1]) && i + 1 < cps.length && Character.isLetter(cps[i + 1]);
      if (wordChar && !inWord) {
        sb.appendCodePoint(Character.isLetter(cp) ? Character.toTitleCase(cp) : cp);
        inWord = true;
      } else {
        sb.appendCodePoint(cp);
        inWord = wordChar || joiner;
      }
    }
    return sb.toString();
  }

  private static String graphLink(String expr, int tab) {
    return "/graph?g0.expr=" + BuiltinFunctions.queryEscape(expr) + "&g0.tab=" + tab;
  }

  private static double parseDuration(String d) throws FunctionException {
    try {
      return PromDuration.parseMillis(d) / 1000.0;
    } catch (IllegalArgumentException e) {
      throw new FunctionException(e.getMessage(), e);
    }
  }

  private String pathPrefix() throws FunctionException {
    if (externalUrl.isEmpty()) {
      return "";
    }
    try {
      String path = new URI(externalUrl).getPath();
      return path == null ? "" : path;
    } catch (URISyntaxException e) {
      throw new FunctionException("cannot parse external URL " + externalUrl, e);
    }
  }
}
