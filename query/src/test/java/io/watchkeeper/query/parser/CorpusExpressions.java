package io.watchkeeper.query.parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL expressions of the upstream test corpus ({@code conformance/promql/} at the repository root, format in
 * its FORMAT.md): every {@code eval} line's expression, with whether the file expects the query to
 * fail with a parse error.
 */
final class CorpusExpressions {
  /** The corpus, relative to the module directory (where Surefire runs). */
  static final Path ROOT = Path.of("../conformance/promql");

  private static final Pattern INSTANT =
      Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern RANGE =
      Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");

  /** One eval command's expression. */
  record Case(String file, int line, String expr, boolean expectParseError) {
    @Override
    public String toString() {
      return file + ":" + line + " " + expr;
    }
  }

  private CorpusExpressions() {}

  /** All cases of both corpus directories, in file order. */
  static List<Case> load() {
    if (!Files.isDirectory(ROOT)) {
      throw new IllegalStateException("PromQL test corpus not found at " + ROOT.toAbsolutePath().normalize()
          + ": it is part of the repository (conformance/)");
    }
    List<Case> cases = new ArrayList<>();
    for (String dir : List.of("testdata", "testdata-v2.42.0")) {
      try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".test")).sorted().toList()) {
          cases.addAll(read(dir + "/" + f.getFileName(), Files.readAllLines(f)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the PromQL corpus in " + ROOT.resolve(dir), e);
      }
    }
    return cases;
  }

  private static List<Case> read(String name, List<String> lines) {
    List<Case> cases = new ArrayList<>();
    Case pending = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        pending = flush(cases, pending);
        continue;
      }
      String expr = null;
      boolean legacyFail = false;
      Matcher m = INSTANT.matcher(line);
      if (m.matches()) {
        expr = m.group(3);
        legacyFail = "fail".equals(m.group(1));
      } else if ((m = RANGE.matcher(line)).matches()) {
        expr = m.group(5);
        legacyFail = "fail".equals(m.group(1));
      }
      if (expr != null) {
        pending = flush(cases, pending);
        pending = new Case(name, i + 1, expr, false);
        if (legacyFail) {
          pending = flush(cases, pending);
        }
      } else if (pending != null && line.startsWith("expect fail")) {
        boolean parse = line.toLowerCase(Locale.ROOT).contains("parse error");
        pending = new Case(pending.file(), pending.line(), pending.expr(), parse);
      }
    }
    flush(cases, pending);
    return cases;
  }

  private static Case flush(List<Case> cases, Case pending) {
    if (pending != null) {
      cases.add(pending);
    }
    return null;
  }
}
