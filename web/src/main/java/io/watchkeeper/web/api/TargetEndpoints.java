package io.watchkeeper.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.Metadata;
import io.watchkeeper.model.PromDuration;
import io.watchkeeper.query.ErrorType;
import io.watchkeeper.query.ParseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v1/targets}, {@code /api/v1/metadata} and {@code /api/v1/targets/metadata}, read
 * from the scrape manager through {@link TargetRetriever} and {@link MetadataRetriever}.
 * Thread-safe.
 */
final class TargetEndpoints {
  private final TargetRetriever targets;
  private final MetadataRetriever metadata;
  private final SelectorParser selectorParser;

  TargetEndpoints(TargetRetriever targets, MetadataRetriever metadata, SelectorParser selectorParser) {
    this.targets = targets;
    this.metadata = metadata;
    this.selectorParser = selectorParser;
  }

  void targets(Exchange ex) throws ApiException, IOException {
    String pool = ex.param("scrapePool");
    String state = ex.param("state").toLowerCase(Locale.ROOT);
    boolean showActive = state.isEmpty() || state.equals("any") || state.equals("active");
    boolean showDropped = state.isEmpty() || state.equals("any") || state.equals("dropped");
    List<ActiveTarget> active = new ArrayList<>();
    if (showActive) {
      for (ActiveTarget t : targets.activeTargets()) {
        if (pool.isEmpty() || pool.equals(t.scrapePool())) {
          active.add(t);
        }
      }
      active.sort(Comparator.comparing(ActiveTarget::scrapePool)); // stable: keeps each pool's order
    }
    List<DroppedTarget> dropped = new ArrayList<>();
    Map<String, Integer> droppedCounts = null;
    if (showDropped) {
      for (DroppedTarget t : targets.droppedTargets()) {
        if (pool.isEmpty() || pool.equals(t.scrapePool())) {
          dropped.add(t);
        }
      }
      dropped.sort(Comparator.comparing(DroppedTarget::scrapePool));
      droppedCounts = new TreeMap<>(targets.droppedTargetCounts());
    }
    Map<String, Integer> counts = droppedCounts;
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartObject();
          gen.writeArrayFieldStart("activeTargets");
          for (ActiveTarget t : active) {
            writeActive(gen, t);
          }
          gen.writeEndArray();
          gen.writeArrayFieldStart("droppedTargets");
          for (DroppedTarget t : dropped) {
            gen.writeStartObject();
            gen.writeFieldName("discoveredLabels");
            ApiJson.labels(gen, t.discoveredLabels());
            gen.writeStringField("scrapePool", t.scrapePool());
            gen.writeEndObject();
          }
          gen.writeEndArray();
          gen.writeFieldName("droppedTargetCounts");
          writeCounts(gen, counts);
          gen.writeEndObject();
        });
  }

  private static void writeActive(JsonGenerator gen, ActiveTarget t) throws IOException {
    gen.writeStartObject();
    gen.writeFieldName("discoveredLabels");
    ApiJson.labels(gen, t.discoveredLabels());
    gen.writeFieldName("labels");
    ApiJson.labels(gen, t.labels());
    gen.writeStringField("scrapePool", t.scrapePool());
    gen.writeStringField("scrapeUrl", t.scrapeUrl());
    gen.writeStringField("globalUrl", t.globalUrl());
    gen.writeStringField("lastError", t.lastError());
    gen.writeStringField("lastScrape", ApiJson.time(t.lastScrape()));
    gen.writeFieldName("lastScrapeDuration");
    ApiJson.number(gen, t.lastScrapeDuration().toNanos() / 1e9);
    gen.writeStringField("health", t.health().apiName());
    gen.writeStringField("scrapeInterval", PromDuration.format(t.scrapeInterval()));
    gen.writeStringField("scrapeTimeout", PromDuration.format(t.scrapeTimeout()));
    gen.writeEndObject();
  }

  private static void writeCounts(JsonGenerator gen, @Nullable Map<String, Integer> counts) throws IOException {
    if (counts == null) {
      gen.writeNull(); // Go's nil map, as Prometheus answers when dropped targets are not asked for
      return;
    }
    gen.writeStartObject();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      gen.writeNumberField(e.getKey(), e.getValue());
    }
    gen.writeEndObject();
  }

  /** {@code /api/v1/metadata}: per metric, the distinct metadata its targets reported. */
  void metricMetadata(Exchange ex) throws ApiException, IOException {
    int limit = numberParam(ex, "limit");
    int limitPerMetric = numberParam(ex, "limit_per_metric");
    String metric = ex.param("metric");
    Map<String, Set<Metadata>> byMetric = new TreeMap<>();
    for (TargetMetadata tm : metadata.targetMetadata()) {
      if (metric.isEmpty()) {
        tm.metadataByMetric().forEach((name, md) -> add(byMetric, name, md, limitPerMetric));
      } else {
        Metadata md = tm.metadataByMetric().get(metric);
        if (md != null) {
          add(byMetric, metric, md, limitPerMetric);
        }
      }
    }
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartObject();
          int written = 0;
          for (Map.Entry<String, Set<Metadata>> e : byMetric.entrySet()) {
            if (limit >= 0 && written >= limit) {
              break;
            }
            gen.writeArrayFieldStart(e.getKey());
            for (Metadata md : e.getValue()) {
              gen.writeStartObject();
              writeMetadataFields(gen, md);
              gen.writeEndObject();
            }
            gen.writeEndArray();
            written++;
          }
          gen.writeEndObject();
        });
  }

  private static void add(Map<String, Set<Metadata>> byMetric, String name, Metadata md, int limitPerMetric) {
    Set<Metadata> set = byMetric.computeIfAbsent(name, k -> new LinkedHashSet<>());
    if (limitPerMetric <= 0 || set.size() < limitPerMetric) {
      set.add(md);
    }
  }

  /** {@code /api/v1/targets/metadata}: metadata per target, for targets matching {@code match_target}. */
  void targetMetadata(Exchange ex) throws ApiException, IOException {
    int limit = numberParam(ex, "limit");
    String matchTarget = ex.param("match_target");
    List<Matcher> matchers = List.of();
    if (!matchTarget.isEmpty()) {
      try {
        matchers = selectorParser.parseMetricSelector(matchTarget);
      } catch (ParseException e) {
        throw ApiException.invalidParam("match_target", e.getMessage(), e);
      }
    }
    String metric = ex.param("metric");
    List<TargetMetadata> selected = new ArrayList<>();
    for (TargetMetadata tm : metadata.targetMetadata()) {
      if (matchesAll(matchers, tm.targetLabels())) {
        selected.add(tm);
      }
    }
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartArray();
          int written = 0;
          for (TargetMetadata tm : selected) {
            if (limit >= 0 && written >= limit) {
              break;
            }
            if (metric.isEmpty()) {
              for (Map.Entry<String, Metadata> e : new TreeMap<>(tm.metadataByMetric()).entrySet()) {
                writeTargetMetadata(gen, tm.targetLabels(), e.getKey(), e.getValue());
                written++;
              }
            } else {
              Metadata md = tm.metadataByMetric().get(metric);
              if (md != null) {
                writeTargetMetadata(gen, tm.targetLabels(), null, md);
                written++;
              }
            }
          }
          gen.writeEndArray();
        });
  }

  private static boolean matchesAll(List<Matcher> matchers, Labels labels) {
    for (Matcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  private static void writeTargetMetadata(JsonGenerator gen, Labels target, @Nullable String metric, Metadata md) throws IOException {
    gen.writeStartObject();
    gen.writeFieldName("target");
    ApiJson.labels(gen, target);
    if (metric != null) {
      gen.writeStringField("metric", metric);
    }
    writeMetadataFields(gen, md);
    gen.writeEndObject();
  }

  private static void writeMetadataFields(JsonGenerator gen, Metadata md) throws IOException {
    gen.writeStringField("type", md.type().text());
    gen.writeStringField("help", md.help());
    gen.writeStringField("unit", md.unit());
  }

  /** An optional integer parameter, -1 when absent, worded as Prometheus' metadata endpoints. */
  private static int numberParam(Exchange ex, String name) throws ApiException {
    String s = ex.param(name);
    if (s.isEmpty()) {
      return -1;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new ApiException(400, ErrorType.BAD_DATA, name + " must be a number", e);
    }
  }
}
