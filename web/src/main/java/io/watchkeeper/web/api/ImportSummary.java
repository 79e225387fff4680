package io.watchkeeper.web.api;

import java.util.List;

/**
 * What an import did.
 *
 * @param samplesImported samples appended
 * @param samplesRejected samples the storage refused (out of order, out of bounds, duplicate)
 * @param errors why the input, or parts of it, could not be imported, with line numbers; empty if
 *     it parsed
 */
public record ImportSummary(long samplesImported, long samplesRejected, List<String> errors) {
  public ImportSummary {
    errors = List.copyOf(errors);
  }
}
