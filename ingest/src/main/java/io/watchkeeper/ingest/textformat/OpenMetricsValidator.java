package io.watchkeeper.ingest.textformat;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MetricType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The family-level rules of OpenMetrics 1.0 that the reference parser (the Python client's, which
 * the OpenMetrics test suite is written against) enforces, for strict {@link OpenMetricsParser}s.
 *
 * <p>A family starts at metadata naming a new family or at a sample whose name is not one the
 * current family's type allows ({@code _total} for counters, {@code _bucket} for histograms ...);
 * families must not repeat or clash ({@code a_created} gauge next to counter {@code a}). Within a
 * family, samples form groups (labels without {@code le}/{@code quantile}/the stateset label) that
 * must be contiguous, with timestamps all present or all absent and not going backwards.
 * Histograms need increasing buckets ending in {@code +Inf}, cumulative counts, {@code _count}
 * equal to the {@code +Inf} bucket and {@code _sum} with {@code _count}. Timestamps compare with
 * nanosecond precision, as the reference parser does.
 *
 * <p>Allocates per sample; only for conformance checks and imports, never on the scrape path. Not
 * thread-safe.
 */
final class OpenMetricsValidator {
  private static final List<String> COUNTER_LIKE_SUFFIXES = List.of("_total", "_sum", "_count", "_bucket", "_gcount", "_gsum");

  private final OpenMetricsParser parser;
  private final Labels.Builder scratch = Labels.builder();
  private final Set<String> seenNames = new HashSet<>();

  private @Nullable String name;
  private @Nullable String help;
  private @Nullable MetricType type;
  private @Nullable String unit;
  private final List<Sample> samples = new ArrayList<>();
  private List<String> allowedNames = List.of();
  private @Nullable Map<String, String> group;
  private final Set<Map<String, String>> seenGroups = new HashSet<>();
  private @Nullable BigDecimal groupTimestamp;
  private final Set<SeriesId> groupTimestampSamples = new HashSet<>();

  private record Sample(String name, Map<String, String> labels, double value, @Nullable BigDecimal timestamp) {}

  private record SeriesId(String name, Map<String, String> labels) {}

  OpenMetricsValidator(OpenMetricsParser parser) {
    this.parser = parser;
  }

  void reset() {
    seenNames.clear();
    name = null;
    startFamily(null, null);
  }

  private void startFamily(@Nullable String familyName, @Nullable MetricType familyType) {
    name = familyName;
    help = null;
    type = familyType;
    unit = null;
    samples.clear();
    allowedNames = familyName == null ? List.of() : List.of(familyName);
    group = null;
    seenGroups.clear();
    groupTimestamp = null;
    groupTimestampSamples.clear();
  }

  void metadata(Entry kind) throws ParseException {
    String n = parser.metricName();
    if (n.equals(name) && !samples.isEmpty()) {
      throw parser.lineError(kind + " for metric family \"" + n + "\" after its samples");
    }
    if (!n.equals(name)) {
      if (name != null) {
        buildFamily();
      }
      startFamily(n, null);
    }
    switch (kind) {
      case HELP -> {
        if (help != null) {
          throw parser.lineError("more than one HELP for metric family \"" + n + "\"");
        }
        help = parser.help();
      }
      case TYPE -> {
        if (type != null) {
          throw parser.lineError("more than one TYPE for metric family \"" + n + "\"");
        }
        type = parser.type();
        List<String> names = new ArrayList<>();
        for (String suffix : allowedSuffixes(type)) {
          names.add(n + suffix);
        }
        allowedNames = names;
      }
      case UNIT -> {
        if (unit != null) {
          throw parser.lineError("more than one UNIT for metric family \"" + n + "\"");
        }
        unit = parser.unit();
      }
      default -> throw new IllegalStateException("BUG: metadata entry " + kind);
    }
  }

  void sample() throws ParseException {
    parser.labels(scratch); // rejects repeated label names and invalid UTF-8
    String sampleName = parser.metricName();
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < parser.labelCount; i++) {
      labels.put(parser.labelName(i), parser.labelValue(i));
    }
    BigDecimal ts = parser.hasTimestamp ? exactTimestamp(parser.timestampStart, parser.timestampEnd) : null;
    if (!allowedNames.contains(sampleName)) {
      if (name != null) {
        buildFamily();
      }
      startFamily(sampleName, MetricType.UNKNOWN);
    }
    String family = name;
    if (family == null) {
      throw new IllegalStateException("BUG: sample outside a family");
    }
    checkLabels(family, sampleName, labels);
    checkGroup(family, sampleName, labels, ts);
    checkValue(family, sampleName, parser.value);
  }

  private void checkLabels(String family, String sampleName, Map<String, String> labels) throws ParseException {
    if (type == MetricType.STATESET && !labels.containsKey(family)) {
      throw parser.lineError("stateset sample lacks the label \"" + family + "\"");
    }
    if (isHistogram() && sampleName.equals(family + "_bucket")) {
      String le = labels.get("le");
      if (le == null || le.equals("NaN") || !isCanonicalFloat(le)) {
        throw parser.lineError("invalid or missing \"le\" label on histogram bucket");
      }
    }
    if (type == MetricType.SUMMARY && sampleName.equals(family)) {
      String q = labels.get("quantile");
      double v = q == null ? Double.NaN : pyFloat(q);
      if (!(v >= 0 && v <= 1)) {
        throw parser.lineError("invalid or missing \"quantile\" label: must be a number from 0 to 1");
      }
    }
  }

  private void checkGroup(String family, String sampleName, Map<String, String> labels, @Nullable BigDecimal ts)
      throws ParseException {
    Map<String, String> g = groupOf(family, type, sampleName, labels);
    if (group != null && !g.equals(group) && seenGroups.contains(g)) {
      throw parser.lineError("samples of metric family \"" + family + "\" are not grouped by label set");
    }
    if (group != null && g.equals(group)) {
      if ((ts == null) != (groupTimestamp == null)) {
        throw parser.lineError("mix of samples with and without timestamp within a group");
      }
      if (groupTimestamp != null && ts != null && groupTimestamp.compareTo(ts) > 0 && type != MetricType.INFO) {
        throw parser.lineError("timestamps went backwards within a group");
      }
    } else {
      groupTimestampSamples.clear();
    }
    SeriesId id = new SeriesId(sampleName, labels);
    if (!sameTimestamp(ts, groupTimestamp) || !groupTimestampSamples.contains(id)) {
      samples.add(new Sample(sampleName, labels, parser.value, ts)); // not a duplicate
    }
    groupTimestampSamples.add(id);
    group = g;
    groupTimestamp = ts;
    seenGroups.add(g);
  }

  private void checkValue(String family, String sampleName, double v) throws ParseException {
    if (type == MetricType.STATESET && v != 0 && v != 1) {
      throw parser.lineError("stateset samples can only have the values 0 and 1");
    }
    if (type == MetricType.INFO && v != 1) {
      throw parser.lineError("info samples can only have the value 1");
    }
    if (type == MetricType.SUMMARY && sampleName.equals(family) && v < 0) {
      throw parser.lineError("quantile values cannot be negative");
    }
    String suffix = sampleName.substring(family.length());
    if (COUNTER_LIKE_SUFFIXES.contains(suffix) && Double.isNaN(v)) {
      throw parser.lineError("counter-like samples (" + suffix + ") cannot be NaN");
    }
    if (COUNTER_LIKE_SUFFIXES.contains(suffix) && !suffix.equals("_gsum") && v < 0) {
      throw parser.lineError("counter-like samples (" + suffix + ") cannot be negative");
    }
    if (parser.hasExemplar
        && !((isHistogram() && sampleName.endsWith("_bucket"))
            || (type == MetricType.COUNTER && sampleName.endsWith("_total")))) {
      throw parser.lineError("only histogram buckets and counter totals can have exemplars");
    }
  }

  /** At {@code # EOF}: checks the last family. */
  void finish() throws ParseException {
    if (name != null) {
      buildFamily();
    }
  }

  private void buildFamily() throws ParseException {
    String n = name;
    if (n == null) {
      return;
    }
    MetricType t = type == null ? MetricType.UNKNOWN : type;
    Set<String> names = new HashSet<>(clashSuffixes(t));
    names.add("");
    for (String suffix : names) {
      if (!seenNames.add(n + suffix)) {
        throw parser.lineError("metric family \"" + n + "\" clashes with an earlier one over the name \"" + n + suffix + "\"");
      }
    }
    String u = unit;
    if (u != null && !u.isEmpty()) {
      if (!n.endsWith("_" + u)) {
        throw parser.lineError("unit \"" + u + "\" is not the suffix of metric family \"" + n + "\"");
      }
      if (t == MetricType.INFO || t == MetricType.STATESET) {
        throw parser.lineError("metric family \"" + n + "\" of type " + t.text() + " cannot have a unit");
      }
    }
    if (t == MetricType.HISTOGRAM || t == MetricType.GAUGE_HISTOGRAM) {
      checkHistogram(n);
    }
  }

  private void checkHistogram(String family) throws ParseException {
    HistogramGroup current = null;
    Map<String, String> currentGroup = null;
    BigDecimal currentTs = null;
    for (Sample s : samples) {
      Map<String, String> g = groupOf(family, MetricType.HISTOGRAM, s.name(), s.labels());
      if (current == null || !g.equals(currentGroup) || !sameTimestamp(s.timestamp(), currentTs)) {
        if (current != null) {
          current.check(family);
        }
        current = new HistogramGroup();
      }
      currentGroup = g;
      currentTs = s.timestamp();
      current.add(family, s);
    }
    if (current != null) {
      current.check(family);
    }
  }

  /** The running state of one histogram group (Python's {@code _check_histogram}). */
  private final class HistogramGroup {
    @Nullable Double count;
    @Nullable Double bucket;
    boolean negativeBuckets;
    boolean hasSum;
    boolean hasGsum;
    boolean negativeGsum;
    double value;

    void add(String family, Sample s) throws ParseException {
      String suffix = s.name().substring(family.length());
      switch (suffix) {
        case "_bucket" -> {
          double le = pyFloat(s.labels().getOrDefault("le", "NaN"));
          if (le < 0) {
            negativeBuckets = true;
          }
          if (bucket != null && le <= bucket) {
            throw parser.lineError("histogram \"" + family + "\": buckets out of order");
          }
          if (s.value() < value) {
            throw parser.lineError("histogram \"" + family + "\": bucket values are not cumulative");
          }
          bucket = le;
          value = s.value();
        }
        case "_count", "_gcount" -> count = s.value();
        case "_sum" -> hasSum = true;
        case "_gsum" -> {
          hasGsum = true;
          if (s.value() < 0) {
            negativeGsum = true;
          }
        }
        default -> { }
      }
    }

    void check(String family) throws ParseException {
      String prefix = "histogram \"" + family + "\": ";
      if (bucket == null || bucket != Double.POSITIVE_INFINITY) {
        throw parser.lineError(prefix + "the +Inf bucket is missing");
      }
      if (count != null && value != count) {
        throw parser.lineError(prefix + "_count does not match the +Inf bucket");
      }
      if (hasSum && count == null) {
        throw parser.lineError(prefix + "_count must be present if _sum is present");
      }
      if (hasGsum && count == null) {
        throw parser.lineError(prefix + "_gcount must be present if _gsum is present");
      }
      if (!(hasSum || hasGsum) && count != null) {
        throw parser.lineError(prefix + "_sum (or _gsum) must be present if _count is present");
      }
      if (negativeBuckets && hasSum) {
        throw parser.lineError(prefix + "cannot have _sum with negative buckets");
      }
      if (!negativeBuckets && negativeGsum) {
        throw parser.lineError(prefix + "cannot have a negative _gsum with non-negative buckets");
      }
    }
  }

  private boolean isHistogram() {
    return type == MetricType.HISTOGRAM || type == MetricType.GAUGE_HISTOGRAM;
  }

  private static Map<String, String> groupOf(
      String family, @Nullable MetricType t, String sampleName, Map<String, String> labels) {
    if (t == MetricType.INFO) {
      return Map.of();
    }
    String drop = null;
    if (t == MetricType.SUMMARY && sampleName.equals(family)) {
      drop = "quantile";
    } else if (t == MetricType.STATESET) {
      drop = family;
    } else if ((t == MetricType.HISTOGRAM || t == MetricType.GAUGE_HISTOGRAM) && sampleName.equals(family + "_bucket")) {
      drop = "le";
    }
    if (drop == null) {
      return labels;
    }
    Map<String, String> g = new HashMap<>(labels);
    g.remove(drop);
    return g;
  }

  private static List<String> allowedSuffixes(@Nullable MetricType t) {
    if (t == null) {
      return List.of("");
    }
    return switch (t) {
      case COUNTER -> List.of("_total", "_created");
      case SUMMARY -> List.of("", "_count", "_sum", "_created");
      case HISTOGRAM -> List.of("_count", "_sum", "_bucket", "_created");
      case GAUGE_HISTOGRAM -> List.of("_gcount", "_gsum", "_bucket");
      case INFO -> List.of("_info");
      default -> List.of("");
    };
  }

  private static List<String> clashSuffixes(MetricType t) {
    return switch (t) {
      case COUNTER, SUMMARY, HISTOGRAM, GAUGE_HISTOGRAM, INFO -> allowedSuffixes(t);
      default -> List.of();
    };
  }

  private static boolean sameTimestamp(@Nullable BigDecimal a, @Nullable BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  /** A timestamp as the reference parser reads it: integer or decimal seconds truncated to nanoseconds. */
  private BigDecimal exactTimestamp(int s, int e) {
    String text = new String(parser.buffer(), s, e - s, StandardCharsets.ISO_8859_1);
    BigDecimal d = new BigDecimal(text);
    boolean plainDecimal = text.indexOf('e') < 0 && text.indexOf('E') < 0;
    return plainDecimal ? d.setScale(9, RoundingMode.DOWN) : d;
  }

  /** A float from a label value, NaN if it is not one (as Python's {@code float()}, surrounding blanks allowed). */
  private static double pyFloat(String s) {
    byte[] v = s.strip().getBytes(StandardCharsets.UTF_8);
    double d = FloatParser.parseFloat(v, 0, v.length);
    return FloatParser.isInvalid(d) ? Double.NaN : d;
  }

  /** Whether a float label value is canonical where OpenMetrics requires it: +Inf must be spelled {@code +Inf}. */
  private static boolean isCanonicalFloat(String s) {
    byte[] v = s.strip().getBytes(StandardCharsets.UTF_8);
    double d = FloatParser.parseFloat(v, 0, v.length);
    if (FloatParser.isInvalid(d)) {
      return false;
    }
    return d != Double.POSITIVE_INFINITY || s.equals("+Inf");
  }
}
