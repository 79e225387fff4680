package io.watchkeeper.web.api;

import java.util.Objects;

/**
 * What {@code /api/v1/status/buildinfo} reports.
 *
 * @param version release version, e.g. {@code 0.1.0}
 * @param revision source revision (git commit)
 * @param branch source branch
 * @param buildUser who built it
 * @param buildDate when it was built
 * @param runtimeVersion the Java runtime, reported where Prometheus reports {@code goVersion}
 */
public record BuildInfo(
    String version, String revision, String branch, String buildUser, String buildDate, String runtimeVersion) {
  public BuildInfo {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(buildUser, "buildUser");
    Objects.requireNonNull(buildDate, "buildDate");
    Objects.requireNonNull(runtimeVersion, "runtimeVersion");
  }
}
