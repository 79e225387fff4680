package io.watchkeeper.ingest.receive;

import io.watchkeeper.ingest.textformat.Entry;
import io.watchkeeper.ingest.textformat.ExpositionFormat;
import io.watchkeeper.ingest.textformat.ParseException;
import io.watchkeeper.ingest.textformat.Parser;
import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills history: imports a Prometheus text or OpenMetrics body whose samples all carry
 * timestamps (what {@code watchkeeper import} and {@code POST /api/v1/import} receive).
 *
 * <p><b>All or nothing for the body's validity</b>, as {@code promtool tsdb create-blocks-from}
 * refuses a bad file: a malformed body, a sample without a timestamp, a line over the buffer or a
 * body over the size limit is rejected, with its line and column, before anything is stored. To
 * keep that promise without holding the body in memory, the import makes two passes, both
 * streaming: the first reads the body once, in parts of whole lines through a buffer of {@link
 * Options#bufferBytes()}, validates each part and writes it to a spool file ({@link
 * Options#spoolDir()}); the second reads the spool file back and appends, committing every {@link
 * Options#batchSize()} samples. A body that fits in the buffer is not spooled.
 *
 * <p>Memory per import: the buffer, one batch in the storage's appender, and about 25 bytes per
 * distinct series (its hash and storage reference), however long the body. Disk: the body, while
 * the import runs.
 *
 * <p>Samples the storage refuses (out of order beyond its window, duplicates, out of bounds) are
 * counted by reason, with the first few lines named, and do not stop the import. A failure of the
 * storage, or of the spool file, during the second pass does: the batches committed before stay
 * stored and {@link ImportException#samplesImported()} says how many samples they held. Importing
 * the same body again then stores nothing twice (a sample already stored is a repeat).
 *
 * <p>Thread-safe: each call works on its own state.
 */
public final class Importer {
  private static final Logger log = LoggerFactory.getLogger(Importer.class);

  /**
   * @param batchSize samples per committed batch
   * @param maxBodyBytes the largest body accepted, 0 for no limit
   * @param strict whether to apply the formats' family-level rules too (see {@link
   *     ExpositionFormat#newParser(boolean)}); Prometheus' own importer is lenient. The strict
   *     OpenMetrics rules hold a metric family's samples in memory
   * @param bufferBytes the buffer the body is read through, which is also the longest line accepted
   * @param spoolDir where a body longer than the buffer is spooled between the two passes; the
   *     system's temporary directory when empty
   */
  public record Options(int batchSize, long maxBodyBytes, boolean strict, int bufferBytes, Optional<Path> spoolDir) {
    /** Batches of 10 000 samples, bodies up to 1 GiB, lenient parsing, a 1 MiB buffer, spooled to the temporary directory. */
    public static final Options DEFAULT = new Options(10_000, 1L << 30, false, 1 << 20, Optional.empty());

    public Options {
      Objects.requireNonNull(spoolDir, "spoolDir");
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
      }
      if (maxBodyBytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + maxBodyBytes);
      }
      if (bufferBytes < 64) {
        throw new IllegalArgumentException("bufferBytes must be >= 64, got " + bufferBytes);
      }
    }

    public Options withBatchSize(int n) {
      return new Options(n, maxBodyBytes, strict, bufferBytes, spoolDir);
    }

    public Options withMaxBodyBytes(long n) {
      return new Options(batchSize, n, strict, bufferBytes, spoolDir);
    }

    public Options withStrict(boolean s) {
      return new Options(batchSize, maxBodyBytes, s, bufferBytes, spoolDir);
    }

    public Options withBufferBytes(int n) {
      return new Options(batchSize, maxBodyBytes, strict, n, spoolDir);
    }

    public Options withSpoolDir(Path dir) {
      return new Options(batchSize, maxBodyBytes, strict, bufferBytes, Optional.of(dir));
    }
  }

  /**
   * What an import did.
   *
   * @param samplesImported samples the storage accepted
   * @param series distinct series in the body
   * @param rejected samples the storage refused, by reason
   * @param rejectionDetails the first refusals, e.g. {@code line 12: out of order sample}
   * @param bodyBytes length of the body
   * @param bufferedBytes the most bytes of the body held in memory at once (the buffer), however
   *     long the body
   */
  public record Result(long samplesImported, long series, Map<AppendException.Reason, Long> rejected, List<String> rejectionDetails,
      long bodyBytes, int bufferedBytes) {
    public Result {
      rejected = Map.copyOf(rejected);
      rejectionDetails = List.copyOf(rejectionDetails);
    }

    /** Samples refused, all reasons together. */
    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** What the first pass found: each distinct series' hash, by dense index, and the sample count. */
  private record Validated(SeriesIndex index, long samples) {}

  private final Appendable storage;
  private final Options options;

  public Importer(Appendable storage, Options options) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Deletes import spool files left in {@code spoolDir} by a process that stopped while importing
   * (on Linux there are none: a spool file is unlinked as soon as it is open). Call before imports
   * start; a missing directory is fine.
   *
   * @return how many were deleted
   * @throws IOException if the directory cannot be listed or a file deleted
   */
  public static int deleteSpoolLeftovers(Path spoolDir) throws IOException {
    return ImportSpool.deleteLeftovers(spoolDir);
  }

  /**
   * Reads the stream to its end, validating it, then imports it.
   *
   * @param contentType selects the format as scrapes do: {@code application/openmetrics-text} for
   *     OpenMetrics, anything else (or null) for the Prometheus text format
   * @throws ImportException if the body is not importable or too large (nothing was stored), or if
   *     storing it failed (what was committed before stays)
   * @throws IOException if the stream cannot be read (nothing was stored)
   */
  public Result importFrom(InputStream in, @Nullable String contentType) throws ImportException, IOException {
    ExpositionFormat format = ExpositionFormat.fromContentType(contentType);
    Parser parser = format.newParser(options.strict());
    LineBuffer body = new LineBuffer(in, options.bufferBytes());
    ImportSpool spool = new ImportSpool(options.spoolDir());
    try {
      Validated v = validate(body, parser, format, spool);
      LineBuffer again;
      if (spool.isUsed()) {
        again = new LineBuffer(readSpool(spool), body.buffer()); // the first pass is done with the buffer
      } else if (body.rewind()) {
        again = body;
      } else {
        throw new IllegalStateException("BUG: a body of several parts was not spooled");
      }
      Result r = append(again, parser, v, body.bytesRead());
      log.atDebug().addKeyValue("component", "import").addKeyValue("samples", r.samplesImported()).addKeyValue("series", r.series())
          .addKeyValue("rejected", r.rejectedTotal()).addKeyValue("parsed", v.samples()).addKeyValue("bytes", r.bodyBytes())
          .addKeyValue("spooled", spool.isUsed()).log("import finished");
      return r;
    } finally {
      closeSpool(spool);
    }
  }

  /**
   * First pass: syntax, timestamps, labels of each series; each part is spooled unless the body
   * is a single part.
   */
  private Validated validate(LineBuffer body, Parser p, ExpositionFormat format, ImportSpool spool) throws ImportException, IOException {
    SeriesIndex index = new SeriesIndex();
    Labels.Builder b = Labels.builder();
    long samples = 0;
    boolean first = true;
    try {
      while (nextPart(body, p)) {
        if (!first || !body.isLast()) {
          spool(spool, body);
        }
        startPart(p, body, first);
        first = false;
        Entry e;
        while ((e = p.next()) != Entry.EOF) {
          if (e != Entry.SERIES) {
            continue;
          }
          samples++;
          if (!p.hasTimestamp()) {
            throw ImportException.invalid(
                "line " + p.line() + ": sample of " + p.metricName() + " has no timestamp; every imported sample needs one", p.line(), 0, null);
          }
          long hash = p.seriesHash();
          if (index.get(hash) < 0) {
            p.labels(b); // validates the labels: repeated names, invalid UTF-8
            index.add(hash);
          }
        }
      }
    } catch (ParseException e) {
      String what = format == ExpositionFormat.OPENMETRICS ? "OpenMetrics" : "Prometheus text";
      throw ImportException.invalid("cannot parse " + what + " import body: " + e.getMessage(), e.line(), e.column(), e);
    }
    return new Validated(index, samples);
  }

  /** Reads the body's next part, within the limits of line length and body size. */
  private boolean nextPart(LineBuffer body, Parser p) throws ImportException, IOException {
    boolean more;
    try {
      more = body.next();
    } catch (LineBuffer.LineTooLongException e) {
      int line = Math.max(1, p.nextLine());
      throw ImportException.invalid("line " + line + " is longer than the limit of " + options.bufferBytes() + " bytes", line, 0, e);
    }
    long max = options.maxBodyBytes();
    if (max > 0 && body.bytesRead() > max) {
      throw ImportException.tooLarge("import body exceeds the limit of " + max + " bytes");
    }
    return more;
  }

  private static void startPart(Parser p, LineBuffer body, boolean first) {
    if (first) {
      p.reset(body.buffer(), body.length(), body.isLast());
    } else {
      p.continueWith(body.buffer(), body.length(), body.isLast());
    }
  }

  private void spool(ImportSpool spool, LineBuffer body) throws ImportException {
    try {
      spool.write(body.buffer(), body.length());
    } catch (IOException e) {
      throw ImportException.failed("cannot spool the import body to " + spoolPlace() + ": " + why(e), 0, e);
    }
  }

  private InputStream readSpool(ImportSpool spool) throws ImportException {
    try {
      return spool.reader();
    } catch (IOException e) {
      throw ImportException.failed("cannot read the import spool file in " + spoolPlace() + ": " + why(e), 0, e);
    }
  }

  /** The message of an I/O failure; for file system ones that only name the file, with what happened. */
  private static String why(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() == null) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return String.valueOf(e.getMessage());
  }

  private String spoolPlace() {
    return options.spoolDir().map(Path::toString).orElse("the temporary directory");
  }

  private void closeSpool(ImportSpool spool) {
    try {
      spool.close();
    } catch (IOException e) {
      // The file is unlinked already where the OS allows it; nothing of the import depends on it.
      log.atWarn().addKeyValue("component", "import").addKeyValue("dir", spoolPlace()).setCause(e).log("cannot close import spool file");
    }
  }

  /** Second pass: append in batches. */
  private Result append(LineBuffer body, Parser p, Validated v, long bodyBytes) throws ImportException {
    SeriesIndex index = v.index();
    ImportBatches batches = new ImportBatches(storage, options.batchSize(), index.size());
    try {
      boolean first = true;
      while (body.next()) {
        startPart(p, body, first);
        first = false;
        Entry e;
        while ((e = p.next()) != Entry.EOF) {
          if (e == Entry.SERIES) {
            batches.add(index.get(p.seriesHash()), p);
          }
        }
      }
      batches.finish();
    } catch (ParseException | LineBuffer.LineTooLongException e) {
      throw new IllegalStateException("BUG: the body passed the first pass but not the second", e);
    } catch (IOException e) {
      throw ImportException.failed("cannot read the import spool file in " + spoolPlace() + " after " + batches.committed()
          + " samples were stored: " + why(e), batches.committed(), e);
    } catch (StorageException e) {
      throw ImportException.failed("cannot store imported samples after " + batches.committed() + " were stored: " + e.getMessage(),
          batches.committed(), e);
    } finally {
      batches.abandon();
    }
    return new Result(batches.imported(), index.size(), batches.rejected(), batches.rejectionDetails(), bodyBytes, body.capacity());
  }
}
