package io.watchkeeper.ingest.textformat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared conformance data ({@code shared/conformance} beside the repository): the nearest
 * ancestor of the module directory that has it, so tests run in the main checkout and in worktrees.
 */
final class ConformanceData {
  private ConformanceData() {}

  /** {@code shared/conformance/<sub>}; fails the test with instructions if it is missing. */
  static Path dir(String sub) {
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("conformance");
      if (Files.isDirectory(candidate)) {
        Path d = candidate.resolve(sub);
        if (!Files.isDirectory(d)) {
          throw new AssertionError("conformance data " + d + " is missing");
        }
        return d;
      }
    }
    throw new AssertionError("cannot find shared/conformance in " + start + " or any parent directory:"
        + " the conformance tests need the steering repository's shared/ directory next to the checkout"
        + " (expected ../shared/conformance from the repository root)");
  }
}
