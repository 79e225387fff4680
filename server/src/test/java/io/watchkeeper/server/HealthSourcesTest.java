package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthSourcesTest {
  @TempDir Path dir;

  @Test
  void aWritableDataDirectoryPassesAndKeepsNoFile() throws Exception {
    Files.writeString(dir.resolve("wal"), "x");

    HealthSources.checkWritable(dir);

    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("wal"));
    }
  }

  @Test
  void aDataDirectoryThatIsARegularFileFailsNamingItAndWhy() throws Exception {
    // fails for root too, unlike a read-only directory
    Path file = Files.writeString(dir.resolve("data"), "not a directory");

    assertThatThrownBy(() -> HealthSources.checkWritable(file)).isInstanceOf(IOException.class)
        .hasMessage("cannot create a file in the data directory " + file + ": not a directory").hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aMissingDataDirectoryFailsNamingIt() {
    Path missing = dir.resolve("gone");

    assertThatThrownBy(() -> HealthSources.checkWritable(missing))
        .hasMessage("cannot create a file in the data directory " + missing + ": no such file or directory");
  }

  @Test
  void aReadOnlyDataDirectoryFailsNamingIt() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root: a read-only directory is writable anyway");

      assertThatThrownBy(() -> HealthSources.checkWritable(readOnly))
          .hasMessage("cannot create a file in the data directory " + readOnly + ": permission denied");
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
