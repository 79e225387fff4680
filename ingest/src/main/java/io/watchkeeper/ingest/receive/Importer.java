package io.watchkeeper.ingest.receive;

import io.watchkeeper.ingest.textformat.Entry;
import io.watchkeeper.ingest.textformat.ExpositionFormat;
import io.watchkeeper.ingest.textformat.ParseException;
import io.watchkeeper.ingest.textformat.Parser;
import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills history: imports a Prometheus text or OpenMetrics body whose samples all carry
 * timestamps (what {@code watchkeeper import} and {@code POST /api/v1/import} receive).
 *
 * <p>Two passes over the body: the first parses everything, requires a timestamp on every sample
 * and decodes each distinct series' labels once, so a malformed body or a sample without a
 * timestamp is rejected, with its line, before anything is stored; the second appends, committing
 * every {@link Options#batchSize()} samples. Samples the storage refuses (out of order beyond its
 * window, duplicates, out of bounds) are counted by reason, with the first few lines named, and do
 * not stop the import.
 *
 * <p>Thread-safe: each call works on its own state.
 */
public final class Importer {
  private static final Logger log = LoggerFactory.getLogger(Importer.class);
  private static final int MAX_DETAILS = 10;

  /**
   * @param batchSize samples per committed batch
   * @param maxBodyBytes the largest body accepted, 0 for no limit
   * @param strict whether to apply the formats' family-level rules too (see {@link
   *     ExpositionFormat#newParser(boolean)}); Prometheus' own importer is lenient
   */
  public record Options(int batchSize, long maxBodyBytes, boolean strict) {
    /** Batches of 10 000 samples, bodies up to 1 GiB, lenient parsing. */
    public static final Options DEFAULT = new Options(10_000, 1L << 30, false);

    public Options {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
      }
      if (maxBodyBytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + maxBodyBytes);
      }
    }
  }

  /**
   * What an import did.
   *
   * @param samplesImported samples the storage accepted
   * @param series distinct series in the body
   * @param rejected samples the storage refused, by reason
   * @param rejectionDetails the first refusals, e.g. {@code line 12: out of order sample}
   */
  public record Result(long samplesImported, long series, Map<AppendException.Reason, Long> rejected, List<String> rejectionDetails) {
    public Result {
      rejected = Map.copyOf(rejected);
      rejectionDetails = List.copyOf(rejectionDetails);
    }

    /** Samples refused, all reasons together. */
    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Appendable storage;
  private final Options options;

  public Importer(Appendable storage, Options options) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Reads the whole stream (up to the size limit) and imports it.
   *
   * @param contentType selects the format as scrapes do: {@code application/openmetrics-text} for
   *     OpenMetrics, anything else (or null) for the Prometheus text format
   * @throws ImportException if the body is too large or not importable; nothing was stored
   * @throws IOException if the stream cannot be read
   */
  public Result importFrom(InputStream in, @Nullable String contentType) throws ImportException, IOException {
    byte[] body;
    if (options.maxBodyBytes() > 0) {
      int cap = (int) Math.min(options.maxBodyBytes() + 1, Integer.MAX_VALUE - 8);
      body = in.readNBytes(cap);
      if (body.length > options.maxBodyBytes()) {
        throw new ImportException("import body exceeds the limit of " + options.maxBodyBytes() + " bytes", 0, 0);
      }
    } else {
      body = in.readAllBytes();
    }
    return importBody(body, body.length, contentType);
  }

  /**
   * Imports {@code body[0, length)}.
   *
   * @throws ImportException if the body is not importable; nothing was stored
   */
  public Result importBody(byte[] body, int length, @Nullable String contentType) throws ImportException {
    if (options.maxBodyBytes() > 0 && length > options.maxBodyBytes()) {
      throw new ImportException("import body exceeds the limit of " + options.maxBodyBytes() + " bytes", 0, 0);
    }
    ExpositionFormat format = ExpositionFormat.fromContentType(contentType);
    Parser parser = format.newParser(options.strict());
    SeriesIndex index = new SeriesIndex();
    List<Labels> series = new ArrayList<>();
    long samples = validate(parser.reset(body, length), format, index, series);
    Result r = append(parser.reset(body, length), index, series);
    log.atDebug().addKeyValue("component", "import").addKeyValue("samples", r.samplesImported()).addKeyValue("series", r.series())
        .addKeyValue("rejected", r.rejectedTotal()).addKeyValue("parsed", samples).log("import finished");
    return r;
  }

  /** First pass: syntax, timestamps, labels of each series. Returns the number of samples. */
  private static long validate(Parser p, ExpositionFormat format, SeriesIndex index, List<Labels> series) throws ImportException {
    Labels.Builder b = Labels.builder();
    long samples = 0;
    try {
      Entry e;
      while ((e = p.next()) != Entry.EOF) {
        if (e != Entry.SERIES) {
          continue;
        }
        samples++;
        if (!p.hasTimestamp()) {
          throw new ImportException("line " + p.line() + ": sample of " + p.metricName() + " has no timestamp; every imported sample needs one",
              p.line(), 0);
        }
        long hash = p.seriesHash();
        if (index.get(hash) < 0) {
          p.labels(b);
          index.add(hash);
          series.add(b.build());
        }
      }
    } catch (ParseException e) {
      String what = format == ExpositionFormat.OPENMETRICS ? "OpenMetrics" : "Prometheus text";
      throw new ImportException("cannot parse " + what + " import body: " + e.getMessage(), e.line(), e.column(), e);
    }
    return samples;
  }

  /** Second pass: append in batches. */
  private Result append(Parser p, SeriesIndex index, List<Labels> series) {
    long[] refs = new long[series.size()];
    Map<AppendException.Reason, Long> rejected = new EnumMap<>(AppendException.Reason.class);
    List<String> details = new ArrayList<>();
    long imported = 0;
    int inBatch = 0;
    Appender app = storage.appender();
    try {
      Entry e;
      while ((e = p.next()) != Entry.EOF) {
        if (e != Entry.SERIES) {
          continue;
        }
        int i = index.get(p.seriesHash());
        try {
          refs[i] = app.append(refs[i], series.get(i), p.timestamp(), p.value());
          imported++;
          if (++inBatch >= options.batchSize()) {
            app.commit();
            app = storage.appender();
            inBatch = 0;
          }
        } catch (AppendException ex) {
          rejected.merge(ex.reason(), 1L, Long::sum);
          if (details.size() < MAX_DETAILS) {
            details.add("line " + p.line() + ": " + ex.getMessage());
          }
        }
      }
    } catch (ParseException ex) {
      app.rollback();
      throw new IllegalStateException("BUG: the body parsed in the first pass but not in the second", ex);
    }
    app.commit();
    return new Result(imported, series.size(), rejected, details);
  }
}
