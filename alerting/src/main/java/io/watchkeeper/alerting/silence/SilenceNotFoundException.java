package io.watchkeeper.alerting.silence;

/** No silence has the ID asked for. */
public final class SilenceNotFoundException extends Exception {
  public SilenceNotFoundException(String id) {
    super("silence " + id + " not found", null, false, false);
  }
}
