package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.jdbi.DatabaseKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code src/main/launcher/customers-server}, copied beside the server jar by the build), run
 * with a stand-in {@code java} that prints its arguments and the environment it was given. The launcher is a POSIX
 * shell script, as the server's SIGTERM handling is POSIX: like StopUnderLoadIT, this runs where those exist
 * (the build's CI is Linux) and fails, rather than being skipped, on a system without them.
 */
class LauncherIT {

  private static final Path LAUNCHER = Path.of("src/main/launcher/customers-server");

  @TempDir
  Path dir;

  @Test
  void runs_the_jar_beside_it_with_the_serial_collector_a_small_young_generation_and_two_malloc_arenas()
      throws Exception {
    List<String> java = launch(Map.of("CUSTOMERS_PORT", "9090"), "--an", "argument with spaces");

    assertThat(java).startsWith("-XX:+UseSerialGC");
    assertThat(java).anyMatch(option -> option.matches("-Xmn[0-9]+m"));
    assertThat(java).endsWith("-jar", dir.resolve("customers-server.jar").toString(), "--an", "argument with spaces",
        "MALLOC_ARENA_MAX=2", "CUSTOMERS_PORT=9090");
  }

  @Test
  void the_heap_starts_larger_for_h2_in_memory_as_objects_and_the_young_generation_is_larger_on_an_h2_file()
      throws Exception {
    assertThat(launch(Map.of("CUSTOMERS_DB_URL", "jdbc:h2:mem:customers;DB_CLOSE_DELAY=-1")))
        .contains("-Xms512m", "-Xmn32m").doesNotContain("-Xms64m");
    assertThat(launch(Map.of("CUSTOMERS_DB_URL", "jdbc:h2:memFS:customers;DB_CLOSE_DELAY=-1;COMPRESS=TRUE")))
        .contains("-Xms64m", "-Xmn32m");
    assertThat(launch(Map.of("CUSTOMERS_DB_URL", "jdbc:h2:nioMemLZF:customers"))).contains("-Xms64m", "-Xmn32m");
    assertThat(launch(Map.of("CUSTOMERS_DB_URL", "jdbc:h2:file:./data/customers"))).contains("-Xms96m", "-Xmn64m");
    assertThat(launch(Map.of("CUSTOMERS_DB_URL", "jdbc:h2:./data/customers"))).contains("-Xms96m", "-Xmn64m");
    assertThat(launch(Map.of("CUSTOMERS_DB_URL", "jdbc:h2:tcp://db/customers"))).contains("-Xms64m", "-Xmn32m");
    assertThat(launch(Map.of("CUSTOMERS_DB_URL", "jdbc:postgresql://db/customers"))).contains("-Xms64m", "-Xmn32m");
    assertThat(launch(Map.of())).contains("-Xms96m", "-Xmn64m");
  }

  /**
   * The launcher's {@code case} on {@code CUSTOMERS_DB_URL} and {@link DatabaseKind#of} read every URL of the table
   * alike: the heap the launcher picks is the one for the kind Java reads. (The launcher tells apart only what
   * changes the heap: H2 in memory as objects, an H2 file, and the rest. An empty variable is the server's default,
   * an H2 file, to both.)
   */
  @Test
  void the_launcher_reads_a_database_url_as_database_kind_does() throws Exception {
    for (String row : databaseUrls()) {
      String[] columns = row.split("\t", -1);
      String url = columns[0];
      String kind = DatabaseKind.of(url).map(DatabaseKind::name).orElse("NONE");
      assertThat(kind).as("DatabaseKind.of(\"%s\")", url).isEqualTo(columns[1]);

      String read = url.isEmpty() ? DatabaseKind.of(ServerSettings.DEFAULT_DB_URL).orElseThrow().name() : kind;
      List<String> heap = launch(Map.of("CUSTOMERS_DB_URL", url)).stream()
          .filter(option -> option.startsWith("-Xms") || option.startsWith("-Xmn")).toList();
      assertThat(heap).as("the launcher's heap for \"%s\", %s to DatabaseKind", url, read)
          .containsExactlyElementsOf(switch (read) {
            case "H2_MEMORY" -> List.of("-Xms512m", "-Xmn32m");
            case "H2_FILE" -> List.of("-Xms96m", "-Xmn64m");
            default -> List.of("-Xms64m", "-Xmn32m");
          });
    }
  }

  /** The table of URLs and their kinds, {@code url<TAB>KIND}, that the JDBI adapter's DatabaseKindTest reads too. */
  private static List<String> databaseUrls() throws IOException {
    Path table = Path.of("../adapters-jdbi/src/test/resources/dev/customers/jdbi/database-urls.tsv");
    List<String> rows = Files.readAllLines(table, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.startsWith("#") && line.contains("\t")).toList();
    assertThat(rows).as(table.toString()).hasSizeGreaterThan(10);
    return rows;
  }

  @Test
  void java_opts_come_after_the_defaults_so_they_win() throws Exception {
    List<String> java = launch(Map.of("JAVA_OPTS", "-Xmn64m -Xmx512m", "MALLOC_ARENA_MAX", "4"));

    assertThat(java).startsWith("-XX:+UseSerialGC");
    assertThat(java.stream().filter(option -> option.startsWith("-Xmn")).toList()).last().isEqualTo("-Xmn64m");
    assertThat(java.subList(0, java.indexOf("-jar"))).last().isEqualTo("-Xmx512m");
    assertThat(java).contains("MALLOC_ARENA_MAX=4");
  }

  @Test
  void a_collector_chosen_in_java_opts_replaces_the_heap_defaults() throws Exception {
    List<String> java = launch(Map.of("JAVA_OPTS", "-XX:+UseG1GC"));

    assertThat(java).noneMatch(option -> option.startsWith("-Xm") || option.equals("-XX:+UseSerialGC"));
    assertThat(java.subList(0, java.indexOf("-jar"))).last().isEqualTo("-XX:+UseG1GC");
  }

  @Test
  void the_first_run_writes_a_class_data_archive_and_later_runs_use_it_until_the_jar_changes() throws Exception {
    Path jar = Files.writeString(dir.resolve("customers-server.jar"), "a jar");
    Path archive = dir.resolve("customers-server.jsa");

    assertThat(launch(Map.of())).contains("-XX:ArchiveClassesAtExit=" + archive);

    Files.writeString(archive, "an archive");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    assertThat(launch(Map.of())).contains("-XX:SharedArchiveFile=" + archive)
        .noneMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit"));

    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    assertThat(launch(Map.of())).contains("-XX:ArchiveClassesAtExit=" + archive);
    assertThat(archive).doesNotExist();
  }

  @Test
  void the_jit_runs_without_tiers_unless_java_opts_say_something_about_tiers() throws Exception {
    assertThat(launch(Map.of())).contains("-XX:-TieredCompilation");
    assertThat(launch(Map.of("JAVA_OPTS", "-XX:+UseG1GC"))).contains("-XX:-TieredCompilation");
    assertThat(launch(Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=1")))
        .noneMatch(option -> option.equals("-XX:-TieredCompilation"));
    assertThat(launch(Map.of("JAVA_OPTS", "-XX:+TieredCompilation")))
        .noneMatch(option -> option.equals("-XX:-TieredCompilation"));
  }

  @Test
  void cds_options_in_java_opts_turn_the_archive_off() throws Exception {
    assertThat(launch(Map.of("JAVA_OPTS", "-Xshare:off")))
        .noneMatch(option -> option.contains("SharedArchiveFile") || option.contains("ArchiveClassesAtExit"));
  }

  @Test
  void the_jvm_trims_the_native_heap_when_its_release_file_names_a_version_that_can() throws Exception {
    for (String version : List.of("17.0.9", "17.0.15", "22", "25.0.1")) {
      writeRelease("JAVA_VERSION=\"" + version + "\"");
      assertThat(launch(Map.of())).as(version).contains("-XX:TrimNativeHeapInterval=1000");
    }
    for (String version : List.of("17.0.8", "17.0.1", "11.0.25", "21.0.5")) {
      writeRelease("JAVA_VERSION=\"" + version + "\"");
      assertThat(launch(Map.of())).as(version).noneMatch(option -> option.contains("TrimNativeHeap"));
    }
    writeRelease("JAVA_VERSION=\"17.0.15\"");
    assertThat(launch(Map.of("JAVA_OPTS", "-XX:TrimNativeHeapInterval=0")).stream()
        .filter(option -> option.contains("TrimNativeHeap")).toList()).containsExactly("-XX:TrimNativeHeapInterval=0");
    Files.delete(dir.resolve("jdk/release"));
    assertThat(launch(Map.of())).noneMatch(option -> option.contains("TrimNativeHeap"));
  }

  private void writeRelease(String line) throws IOException {
    Files.createDirectories(dir.resolve("jdk"));
    Files.writeString(dir.resolve("jdk/release"), "IMPLEMENTOR=\"Test\"\n" + line + "\n");
  }

  /** Runs a copy of the launcher in {@code dir} with JAVA_HOME at a fake java: its arguments, then two variables. */
  private List<String> launch(Map<String, String> environment, String... arguments)
      throws IOException, InterruptedException {
    Path launcher = Files.copy(LAUNCHER, dir.resolve("customers-server"), StandardCopyOption.REPLACE_EXISTING);
    Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
    Files.writeString(java, """
        #!/bin/sh
        for argument in "$@"; do printf '%s\\n' "$argument"; done
        echo "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
        echo "CUSTOMERS_PORT=$CUSTOMERS_PORT"
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

    ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString());
    builder.command().addAll(List.of(arguments));
    builder.environment().remove("JAVA_OPTS");
    builder.environment().remove("MALLOC_ARENA_MAX");
    builder.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
    builder.environment().putAll(environment);
    Process process = builder.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }
}
