package io.watchkeeper.ingest.textformat;

import io.watchkeeper.model.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The family-level rules of the Go {@code expfmt} text parser, for strict {@link
 * PrometheusTextParser}s: at most one HELP and one TYPE per family, TYPE before the family's
 * samples, numeric {@code quantile} labels on summaries and {@code le} labels on histogram buckets.
 * A family is found as expfmt finds it: by exact name, or by the {@code _sum}/{@code _count}
 * ({@code _bucket}) suffix of a known summary (histogram). Not thread-safe.
 */
final class PrometheusTextValidator {
  private final PrometheusTextParser parser;
  private final Map<String, Family> families = new HashMap<>();

  private static final class Family {
    final String name;
    boolean hasHelp;
    @Nullable MetricType type;

    Family(String name) {
      this.name = name;
    }
  }

  PrometheusTextValidator(PrometheusTextParser parser) {
    this.parser = parser;
  }

  void reset() {
    families.clear();
  }

  void help() throws ParseException {
    Family f = resolve(parser.metricName());
    if (f.hasHelp) {
      throw parser.error(parser.nameStart, "second HELP line for metric name \"" + f.name + "\"");
    }
    f.hasHelp = true;
  }

  void type() throws ParseException {
    Family f = resolve(parser.metricName());
    if (f.type != null) {
      throw parser.error(parser.nameStart, "second TYPE line for metric name \"" + f.name + "\", or TYPE reported after samples");
    }
    f.type = parser.type();
  }

  void sample() throws ParseException {
    String name = parser.metricName();
    Family f = resolve(name);
    if (f.type == null) {
      f.type = MetricType.UNKNOWN; // a sample fixes the type to untyped, as in expfmt
    }
    if (f.type == MetricType.SUMMARY && name.equals(f.name)) {
      checkFloatLabel("quantile");
    } else if (f.type == MetricType.HISTOGRAM && name.equals(f.name + "_bucket")) {
      checkFloatLabel("le");
    }
  }

  private void checkFloatLabel(String label) throws ParseException {
    for (int i = 0; i < parser.labelCount; i++) {
      if (parser.labelName(i).equals(label)) {
        byte[] v = parser.labelValue(i).getBytes(StandardCharsets.UTF_8);
        if (FloatParser.isInvalid(FloatParser.parseFloat(v, 0, v.length))) {
          throw parser.error(parser.labelOffsets[4 * i + 2],
              "expected a float as value of label \"" + label + "\", got \"" + parser.labelValue(i) + "\"");
        }
      }
    }
  }

  private Family resolve(String name) {
    Family f = families.get(name);
    if (f != null) {
      return f;
    }
    String base = null;
    if (name.endsWith("_sum")) {
      base = name.substring(0, name.length() - 4);
    } else if (name.endsWith("_count")) {
      base = name.substring(0, name.length() - 6);
    }
    if (base != null) {
      Family b = families.get(base);
      if (b != null && (b.type == MetricType.SUMMARY || b.type == MetricType.HISTOGRAM)) {
        return b;
      }
    }
    if (name.endsWith("_bucket")) {
      Family b = families.get(name.substring(0, name.length() - 7));
      if (b != null && b.type == MetricType.HISTOGRAM) {
        return b;
      }
    }
    f = new Family(name);
    families.put(name, f);
    return f;
  }
}
