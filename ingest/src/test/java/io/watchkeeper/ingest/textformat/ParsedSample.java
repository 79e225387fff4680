package io.watchkeeper.ingest.textformat;

import io.watchkeeper.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
}
