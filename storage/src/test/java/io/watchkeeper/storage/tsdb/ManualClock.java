package io.watchkeeper.storage.tsdb;

import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand. Thread-safe. */
final class ManualClock implements InstantSource {
  private volatile long millis;

  ManualClock(long millis) {
    this.millis = millis;
  }

  void set(long m) {
    millis = m;
  }

  void advance(long m) {
    millis += m;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }
}
