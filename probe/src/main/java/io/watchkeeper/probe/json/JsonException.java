package io.watchkeeper.probe.json;

/** Text that is not JSON, or a JSONPath that cannot be parsed; the message says where. */
public final class JsonException extends Exception {
  public JsonException(String message) {
    super(message);
  }
}
