package io.watchkeeper.query.engine;

import io.watchkeeper.query.parser.PositionRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Warnings and infos collected while a query runs, worded as Prometheus' API shows them: {@code
 * PromQL warning: <detail> (<line>:<col>)} and {@code PromQL info: <detail> (<line>:<col>)}, the
 * position being where the sub-expression starts in the query text. Duplicates are kept once.
 * Thread-safe.
 */
final class Annotations {
  private final String query;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<String> messages = new LinkedHashSet<>();

  Annotations(String query) {
    this.query = query;
  }

  void warn(String detail, PositionRange at) {
    add("PromQL warning: " + detail + " (" + position(at) + ")");
  }

  void info(String detail, PositionRange at) {
    add("PromQL info: " + detail + " (" + position(at) + ")");
  }

  private void add(String message) {
    lock.lock();
    try {
      messages.add(message);
    } finally {
      lock.unlock();
    }
  }

  /** Everything collected, warnings and infos, in the order first seen. */
  List<String> all() {
    lock.lock();
    try {
      return new ArrayList<>(messages);
    } finally {
      lock.unlock();
    }
  }

  private String position(PositionRange at) {
    int line = 1;
    int col = 1;
    int end = Math.min(at.start(), query.length());
    for (int i = 0; i < end; i++) {
      if (query.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return String.format(Locale.ROOT, "%d:%d", line, col);
  }
}
