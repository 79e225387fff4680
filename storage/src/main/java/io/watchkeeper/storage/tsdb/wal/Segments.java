package io.watchkeeper.storage.tsdb.wal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Naming and listing of numbered segment files ({@code 00000042}). Stateless. */
public final class Segments {
  private Segments() {}

  /** The file name of segment {@code n}. */
  public static String name(int n) {
    return String.format(Locale.ROOT, "%08d", n);
  }

  /** Segment numbers present in {@code dir}, ascending. */
  public static List<Integer> list(Path dir) throws IOException {
    List<Integer> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.length() == 8 && n.chars().allMatch(Character::isDigit) && Files.isRegularFile(p)) {
          out.add(Integer.parseInt(n));
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** The segment files of {@code dir} numbered {@code from} or higher, ascending. */
  public static List<Path> from(Path dir, int from) throws IOException {
    List<Path> out = new ArrayList<>();
    for (int n : list(dir)) {
      if (n >= from) {
        out.add(dir.resolve(name(n)));
      }
    }
    return out;
  }
}
