package io.watchkeeper.benchmarks;

import io.watchkeeper.model.Labels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Building and hashing a typical series' labels (8 pairs). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LabelsBenchmark {
  private final Labels labels =
      Labels.of("__name__", "http_request_duration_seconds_bucket", "job", "api", "instance", "10.0.0.1:8080",
          "method", "GET", "route", "/api/v1/customers/{id}", "le", "0.25", "status", "200", "env", "prod");
  private final Labels.Builder builder = Labels.builder();

  @Benchmark
  public Labels build() {
    builder.clear();
    builder.set("route", "/api/v1/customers/{id}").set("job", "api").set("__name__", "http_requests_total");
    builder.set("method", "GET").set("status", "200").set("instance", "10.0.0.1:8080");
    return builder.build();
  }

  @Benchmark
  public long stableHash() {
    return labels.stableHash();
  }
}
