package io.watchkeeper.web.api;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code /api/v1/series}, {@code /api/v1/labels} and {@code /api/v1/label/<name>/values}: lookups
 * in the index without reading samples, over {@code [start, end]} (all time by default), for
 * series matching any of the {@code match[]} selectors. Thread-safe.
 */
final class SeriesEndpoints {
  private final Queryable queryable;
  private final SelectorParser selectorParser;

  SeriesEndpoints(Queryable queryable, SelectorParser selectorParser) {
    this.queryable = queryable;
    this.selectorParser = selectorParser;
  }

  void series(Exchange ex) throws ApiException, IOException {
    List<String> selectors = ex.params("match[]");
    if (selectors.isEmpty()) {
      throw ApiException.badData("no match[] parameter provided");
    }
    int limit = ApiParams.limitParam(ex);
    long start = ApiParams.timeParam(ex, "start", ApiParams.MIN_TIME_MILLIS);
    long end = ApiParams.timeParam(ex, "end", ApiParams.MAX_TIME_MILLIS);
    List<List<Matcher>> sets = ApiParams.matchers(selectors, selectorParser);
    // "series" is no PromQL function: it tells the storage that no samples will be read.
    SelectHints hints = new SelectHints(start, end, 0, "series", 0, List.of(), false);
    try (Querier querier = queryable.querier(start, end)) {
      List<Labels> series = new ArrayList<>();
      for (List<Matcher> set : sets) {
        SeriesSet ss = querier.select(true, hints, set);
        while (ss.next()) {
          series.add(ss.at().labels());
        }
      }
      if (sets.size() > 1) {
        series = sortedDistinct(series);
      }
      List<String> warnings = new ArrayList<>();
      if (limit > 0 && series.size() > limit) {
        series = series.subList(0, limit);
        warnings.add(QueryEndpoints.TRUNCATED_WARNING);
      }
      List<Labels> result = series;
      ApiJson.success(
          ex,
          gen -> {
            gen.writeStartArray();
            for (Labels l : result) {
              ApiJson.labels(gen, l);
            }
            gen.writeEndArray();
          },
          warnings);
    }
  }

  void labelNames(Exchange ex) throws ApiException, IOException {
    int limit = ApiParams.limitParam(ex);
    long start = ApiParams.timeParam(ex, "start", ApiParams.MIN_TIME_MILLIS);
    long end = ApiParams.timeParam(ex, "end", ApiParams.MAX_TIME_MILLIS);
    List<List<Matcher>> sets = ApiParams.matchers(ex.params("match[]"), selectorParser);
    List<String> names;
    try (Querier querier = queryable.querier(start, end)) {
      if (sets.size() > 1) {
        TreeSet<String> union = new TreeSet<>();
        for (List<Matcher> set : sets) {
          union.addAll(querier.labelNames(set));
        }
        names = List.copyOf(union);
      } else {
        names = querier.labelNames(sets.isEmpty() ? List.of() : sets.get(0));
      }
    }
    writeStrings(ex, names, limit);
  }

  void labelValues(Exchange ex) throws ApiException, IOException {
    String name = ex.pathParam("name");
    if (!Labels.isValidLabelName(name)) {
      StringBuilder quoted = new StringBuilder();
      Labels.quote(quoted, name);
      throw ApiException.badData("invalid label name: " + quoted);
    }
    int limit = ApiParams.limitParam(ex);
    long start = ApiParams.timeParam(ex, "start", ApiParams.MIN_TIME_MILLIS);
    long end = ApiParams.timeParam(ex, "end", ApiParams.MAX_TIME_MILLIS);
    List<List<Matcher>> sets = ApiParams.matchers(ex.params("match[]"), selectorParser);
    List<String> values;
    try (Querier querier = queryable.querier(start, end)) {
      if (sets.size() > 1) {
        TreeSet<String> union = new TreeSet<>();
        for (List<Matcher> set : sets) {
          union.addAll(querier.labelValues(name, set));
        }
        values = List.copyOf(union);
      } else {
        values = querier.labelValues(name, sets.isEmpty() ? List.of() : sets.get(0));
      }
    }
    writeStrings(ex, values, limit);
  }

  private static void writeStrings(Exchange ex, List<String> all, int limit) throws IOException {
    List<String> warnings = new ArrayList<>();
    List<String> shown = all;
    if (limit > 0 && all.size() > limit) {
      shown = all.subList(0, limit);
      warnings.add(QueryEndpoints.TRUNCATED_WARNING);
    }
    List<String> result = shown;
    ApiJson.success(
        ex,
        gen -> {
          gen.writeStartArray();
          for (String s : result) {
            gen.writeString(s);
          }
          gen.writeEndArray();
        },
        warnings);
  }

  private static List<Labels> sortedDistinct(List<Labels> series) {
    series.sort(Comparator.naturalOrder());
    List<Labels> out = new ArrayList<>(series.size());
    for (Labels l : series) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(l)) {
        out.add(l);
      }
    }
    return out;
  }
}
