package io.watchkeeper.query.engine;

/**
 * The evaluation steps of one (sub)query: {@code start, start + interval, ...}, {@code steps} of
 * them. An instant query is a grid of one step.
 *
 * @param start first step, epoch ms
 * @param interval ms between steps (positive)
 * @param steps number of steps (at least 1)
 */
record Grid(long start, long interval, int steps) {
  Grid {
    if (interval <= 0 || steps <= 0) {
      throw new IllegalArgumentException("BUG: grid needs a positive interval and step count");
    }
  }

  /** A grid of one step at {@code t}. */
  static Grid instant(long t) {
    return new Grid(t, 1, 1);
  }

  /** The steps from {@code start} to at most {@code end}, both inclusive. */
  static Grid range(long start, long end, long interval) {
    return new Grid(start, interval, (int) ((end - start) / interval) + 1);
  }

  /** Time of step {@code i}, epoch ms. */
  long time(int i) {
    return start + i * interval;
  }
}
