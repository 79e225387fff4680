package io.watchkeeper.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code watchkeeper query [--server URL] [--range START END STEP] EXPR}: prints a table. */
@Command(name = "query", description = "Run a PromQL query against a running server and print the result as a table.")
final class QueryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--server", defaultValue = "http://127.0.0.1:9095",
      description = "Server URL (default: ${DEFAULT-VALUE}).")
  String server;

  @CommandLine.Option(names = "--time", description = "Evaluation time (RFC 3339 or unix seconds; default: now).")
  String time;

  @CommandLine.Option(names = "--range", arity = "3", paramLabel = "START END STEP",
      description = "Range query from START to END (RFC 3339 or unix seconds) every STEP (e.g. 15s).")
  List<String> range;

  @CommandLine.Parameters(paramLabel = "EXPR", description = "PromQL expression, e.g. 'rate(http_requests_total[5m])'.")
  String expr;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ApiClient client = new ApiClient(server);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", expr);
    try {
      JsonNode data;
      if (range != null) {
        params.put("start", range.get(0));
        params.put("end", range.get(1));
        params.put("step", range.get(2));
        data = client.get("/api/v1/query_range", params);
      } else {
        if (time != null) {
          params.put("time", time);
        }
        data = client.get("/api/v1/query", params);
      }
      print(out, data);
      return 0;
    } catch (ApiClient.ApiException e) {
      spec.commandLine().getErr().println("query failed: " + e.getMessage());
      return 1;
    }
  }

  /** Prints a query result: one row per sample (vector, scalar, string) or per point (matrix). */
  static void print(PrintWriter out, JsonNode data) {
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    List<String[]> rows = new ArrayList<>();
    switch (type) {
      case "scalar", "string" -> rows.add(new String[] {"", time(result.get(0)), result.get(1).asText()});
      case "vector" -> {
        for (JsonNode s : result) {
          rows.add(new String[] {series(s.path("metric")), time(s.path("value").get(0)), s.path("value").get(1).asText()});
        }
      }
      case "matrix" -> {
        for (JsonNode s : result) {
          String name = series(s.path("metric"));
          for (JsonNode p : s.path("values")) {
            rows.add(new String[] {name, time(p.get(0)), p.get(1).asText()});
          }
        }
      }
      default -> rows.add(new String[] {"", "", data.toString()});
    }
    table(out, new String[] {"SERIES", "TIME", "VALUE"}, rows);
    if (rows.isEmpty()) {
      out.println("(no data)");
    }
  }

  private static String time(JsonNode t) {
    return java.time.Instant.ofEpochMilli(Math.round(t.asDouble() * 1000)).toString();
  }

  private static String series(JsonNode metric) {
    StringBuilder sb = new StringBuilder(metric.path("__name__").asText());
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : metric.properties()) {
      if (!e.getKey().equals("__name__")) {
        StringBuilder p = new StringBuilder(e.getKey()).append('=');
        io.watchkeeper.model.Labels.quote(p, e.getValue().asText());
        parts.add(p.toString());
      }
    }
    if (!parts.isEmpty() || sb.isEmpty()) {
      sb.append('{').append(String.join(", ", parts)).append('}');
    }
    return sb.toString();
  }

  static void table(PrintWriter out, String[] header, List<String[]> rows) {
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
    }
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String[]> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (String[] r : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        sb.append(r[i]);
        if (i < r.length - 1) {
          sb.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
