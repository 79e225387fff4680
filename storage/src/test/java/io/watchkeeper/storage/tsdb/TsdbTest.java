package io.watchkeeper.storage.tsdb;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.storage.Storage;
import io.watchkeeper.storage.StorageContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class TsdbTest extends StorageContractTest {
  @TempDir Path dir;

  @Override
  protected Storage open() {
    return Tsdb.open(TsdbOptions.defaults(dir, new PrometheusRegistry()).withClock(new ManualClock(0)));
  }
}
