package io.watchkeeper.server;

import io.watchkeeper.ingest.scrape.ActiveTarget;
import io.watchkeeper.ingest.scrape.ScrapeManager;
import io.watchkeeper.ingest.scrape.TargetHealth;
import io.watchkeeper.web.health.ScrapeHealth;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Watchkeeper's own checks for {@code /api/health}: the data directory is writable; scrape health. */
final class HealthSources {
  private HealthSources() {}

  /**
   * Creates a small file in the data directory, writes it, forces it to the disk and deletes it:
   * a missing or read-only directory, a full disk or a failing device fails here, as it would fail
   * the WAL.
   *
   * @throws IOException "cannot &lt;step&gt; in the data directory &lt;path&gt;: &lt;reason&gt;", with the cause
   */
  static void checkWritable(Path dataDir) throws IOException {
    Path probe;
    try {
      probe = Files.createTempFile(dataDir, ".health-", ".tmp");
    } catch (IOException e) {
      throw cannot("create a file", dataDir, e);
    }
    IOException failure = null;
    try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
      ByteBuffer ok = ByteBuffer.wrap(new byte[] {'o', 'k'});
      while (ok.hasRemaining()) {
        ch.write(ok);
      }
      ch.force(true);
    } catch (IOException e) {
      failure = cannot("write and sync a file", dataDir, e);
    }
    try {
      Files.delete(probe);
    } catch (IOException e) {
      if (failure == null) {
        failure = cannot("delete a file", dataDir, e);
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static IOException cannot(String step, Path dataDir, IOException e) {
    return new IOException("cannot " + step + " in the data directory " + dataDir + ": " + reason(e), e);
  }

  /** The why of a file-system error without the path it repeats (the JDK puts the file first). */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      String r = f.getReason();
      return r.isEmpty() ? r : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Targets up and down, with the scrape URLs of those down. */
  static ScrapeHealth.Targets scrapeTargets(ScrapeManager scrape) {
    int up = 0;
    int total = 0;
    List<String> down = new ArrayList<>();
    for (ActiveTarget t : scrape.activeTargets()) {
      total++;
      if (t.health() == TargetHealth.UP) {
        up++;
      } else if (t.health() == TargetHealth.DOWN) {
        down.add(t.scrapeUrl());
      }
    }
    return new ScrapeHealth.Targets(up, total, down);
  }
}
