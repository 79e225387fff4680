package io.watchkeeper.ingest.textformat;

import io.watchkeeper.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A sample as a test sees it: labels, value and optional timestamp (null when absent). */
record ParsedSample(Labels labels, double value, Long timestamp) {
  /** Parses all of {@code text}; returns the samples in order. */
  static List<ParsedSample> parseAll(Parser p, String text) throws ParseException {
    byte[] input = text.getBytes(StandardCharsets.UTF_8);
    p.reset(input, input.length);
    List<ParsedSample> out = new ArrayList<>();
    Labels.Builder b = Labels.builder();
    Entry e;
    while ((e = p.next()) != Entry.EOF) {
      if (e == Entry.SERIES) {
        p.labels(b);
        out.add(new ParsedSample(b.build(), p.value(), p.hasTimestamp() ? p.timestamp() : null));
      }
    }
    return out;
  }

  /**
   * Parses {@code text} as a stream in parts of one line each ({@link Parser#continueWith}); the
   * outcome must be that of {@link #parseAll}.
   */
  static List<ParsedSample> parseInParts(Parser p, String text) throws ParseException {
    List<ParsedSample> out = new ArrayList<>();
    Labels.Builder b = Labels.builder();
    byte[] input = text.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    boolean first = true;
    while (true) {
      int lf = from;
      while (lf < input.length && input[lf] != '\n') {
        lf++;
      }
      int to = lf < input.length ? lf + 1 : input.length;
      boolean last = to == input.length;
      byte[] part = Arrays.copyOfRange(input, from, to); // a fresh array per part, as a refilled buffer
      if (first) {
        p.reset(part, part.length, last);
        first = false;
      } else {
        p.continueWith(part, part.length, last);
      }
      Entry e;
      while ((e = p.next()) != Entry.EOF) {
        if (e == Entry.SERIES) {
          p.labels(b);
          out.add(new ParsedSample(b.build(), p.value(), p.hasTimestamp() ? p.timestamp() : null));
        }
      }
      if (last) {
        return out;
      }
      from = to;
    }
  }
}
