package io.watchkeeper.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What was built: version and build date, from the build's properties file. */
public record BuildInfo(String version, String buildDate, String javaVersion) {
  /** As the HTTP API's {@code /api/v1/status/buildinfo} shows it. */
  public io.watchkeeper.web.api.BuildInfo toApi() {
    return new io.watchkeeper.web.api.BuildInfo(version, "", "", "", buildDate, javaVersion);
  }

  /** The running build's information. */
  public static BuildInfo current() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read build.properties", e);
    }
    return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("buildDate", "unknown"),
        Runtime.version().toString());
  }
}
