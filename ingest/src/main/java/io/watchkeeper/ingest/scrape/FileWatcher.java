package io.watchkeeper.ingest.scrape;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directories of {@code file_sd_configs} files and calls back on any change, so edits
 * are picked up at once rather than at the next {@code refresh_interval} (which stays as the
 * fallback, e.g. for network file systems or directories created later). Thread-safe.
 */
final class FileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

  private final WatchService service;
  private final Runnable onChange;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Path, WatchKey> keys = new HashMap<>(); // guarded by lock

  FileWatcher(Runnable onChange) throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
    this.onChange = onChange;
    Thread.ofVirtual().name("file-sd-watcher").start(this::run);
  }

  /** Watches exactly these directories (those that exist). */
  void watch(Set<Path> dirs) {
    lock.lock();
    try {
      for (var it = keys.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Path, WatchKey> e = it.next();
        if (!dirs.contains(e.getKey())) {
          e.getValue().cancel();
          it.remove();
        }
      }
      for (Path d : dirs) {
        if (!keys.containsKey(d) && Files.isDirectory(d)) {
          try {
            keys.put(d, d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE));
          } catch (IOException e) {
            log.atWarn().addKeyValue("component", "discovery").addKeyValue("directory", d).setCause(e)
                .log("cannot watch file_sd directory, relying on refresh_interval");
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        key.pollEvents();
        key.reset();
        onChange.run();
      }
    } catch (ClosedWatchServiceException e) {
      // closed: done
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.atDebug().addKeyValue("component", "discovery").setCause(e).log("cannot close file watcher");
    }
  }
}
