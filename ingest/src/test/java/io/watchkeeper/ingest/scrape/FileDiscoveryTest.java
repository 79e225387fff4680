package io.watchkeeper.ingest.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscoveryTest {
  @TempDir Path dir;

  private FileDiscovery discovery(String... patterns) {
    String[] abs = new String[patterns.length];
    for (int i = 0; i < patterns.length; i++) {
      abs[i] = dir.resolve(patterns[i]).toString();
    }
    return new FileDiscovery("job", new ScrapeConfig.FileSdConfig(List.of(abs), Duration.ofMinutes(5)));
  }

  private static void write(Path p, String content, long mtime) throws Exception {
    Files.writeString(p, content);
    Files.setLastModifiedTime(p, FileTime.fromMillis(mtime));
  }

  @Test
  void readsJsonAndYamlWithTheFilePath() throws Exception {
    Path json = dir.resolve("a.json");
    write(json, """
        [{"targets": ["10.0.0.1:9100", "10.0.0.2:9100"], "labels": {"env": "prod"}}, {"targets": ["x:1"]}]
        """, 1000);
    Path yaml = dir.resolve("b.yml");
    write(yaml, """
        - targets: [ "db:9187" ]
          labels:
            team: data
        """, 1000);
    FileDiscovery fd = discovery("*.json", "b.yml");
    assertThat(fd.refresh()).isTrue();
    List<TargetGroup> groups = fd.groups();
    assertThat(groups).hasSize(3);
    assertThat(groups.get(0).targets()).containsExactly(Labels.of("__address__", "10.0.0.1:9100"), Labels.of("__address__", "10.0.0.2:9100"));
    assertThat((Object) groups.get(0).labels()).isEqualTo(Labels.of("env", "prod", "__meta_filepath", json.toString()));
    assertThat(groups.get(0).source()).isEqualTo(json + ":0");
    assertThat((Object) groups.get(2).labels()).isEqualTo(Labels.of("team", "data", "__meta_filepath", yaml.toString()));
    assertThat(fd.refresh()).isFalse();
  }

  @Test
  void picksUpChangedNewAndDeletedFiles() throws Exception {
    Path a = dir.resolve("a.json");
    write(a, "[{\"targets\": [\"a:1\"]}]", 1000);
    FileDiscovery fd = discovery("*.json");
    fd.refresh();
    write(a, "[{\"targets\": [\"a:2\"]}]", 2000);
    assertThat(fd.refresh()).isTrue();
    assertThat(fd.groups().get(0).targets()).containsExactly(Labels.of("__address__", "a:2"));
    Path b = dir.resolve("b.json");
    write(b, "[{\"targets\": [\"b:1\"]}]", 1000);
    assertThat(fd.refresh()).isTrue();
    assertThat(fd.groups()).hasSize(2);
    Files.delete(a);
    assertThat(fd.refresh()).isTrue();
    assertThat(fd.groups()).hasSize(1);
  }

  @Test
  void brokenFileKeepsItsPreviousTargets() throws Exception {
    Path a = dir.resolve("a.yaml");
    write(a, "- targets: [\"a:1\"]\n", 1000);
    FileDiscovery fd = discovery("a.yaml");
    fd.refresh();
    write(a, "- targets: [\"a:1\"\n  oops: {", 2000);
    assertThat(fd.refresh()).isFalse();
    assertThat(fd.groups().get(0).targets()).containsExactly(Labels.of("__address__", "a:1"));
  }

  @Test
  void rejectsMalformedGroupsWithClearMessages() throws Exception {
    Path a = dir.resolve("a.json");
    write(a, "[{\"targets\": [\"a:1\"], \"lables\": {}}]", 1000);
    assertThatThrownBy(() -> FileDiscovery.read(a)).hasMessageContaining("target group 0: unknown key 'lables'");
    write(a, "[{\"targets\": [\"a:1\"], \"labels\": {\"bad-name\": \"x\"}}]", 1000);
    assertThatThrownBy(() -> FileDiscovery.read(a)).hasMessageContaining("\"bad-name\" is not a valid label name");
    write(a, "{\"targets\": []}", 1000);
    assertThatThrownBy(() -> FileDiscovery.read(a)).hasMessageContaining("expected a list of target groups");
    write(a, "[{\"targets\": [\"a:1\"", 1000);
    assertThatThrownBy(() -> FileDiscovery.read(a)).hasMessageContaining("cannot parse").hasMessageContaining("line 1");
  }

  @Test
  void missingDirectoryMeansNoTargets() {
    FileDiscovery fd = new FileDiscovery("job", new ScrapeConfig.FileSdConfig(List.of(dir.resolve("nope/*.json").toString()), Duration.ofMinutes(1)));
    assertThat(fd.refresh()).isFalse();
    assertThat(fd.groups()).isEmpty();
    assertThat(fd.directories()).containsExactly(dir.resolve("nope"));
  }
}
