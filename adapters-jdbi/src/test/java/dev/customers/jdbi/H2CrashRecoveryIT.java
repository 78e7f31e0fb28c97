package dev.customers.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process that has been saving for a while, not just for a moment, three times over the same file:
 * H2 overwrites the space of old chunks once they are free, and a store that names the wrong newest chunk in its
 * header drops answered saves on recovery (H2 2.5.252 does, now and then). A child JVM saves from several threads
 * and prints each id once its save returned; it is killed, started again on the same file, killed again; then
 * every printed id must read back with all its addresses and tags, and the file must be a few KB per customer,
 * not a chunk per commit.
 *
 * <p>{@code -Dcustomers.test.h2.jar=/path/to/h2-2.5.252.jar} runs the child on another H2 release: on 2.5.252 this
 * test fails, with answered saves missing (4 and 34 in two runs here).
 * {@code -Dcustomers.test.crash.seconds=N} makes each round longer.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class H2CrashRecoveryIT {

  private static final int THREADS = 4;
  private static final int ROUNDS = 3;
  private static final long SECONDS_PER_ROUND = Long.getLong("customers.test.crash.seconds", 12);
  private static final long START_SECONDS = 120;
  /**
   * The data of a customer here is about 1 KB; a chunk per commit left behind would be 20 to 30 KB. The file also
   * keeps the chunks of the last five seconds of each round (RETENTION_TIME, for a power cut: docs/storage.md),
   * about 4 KB per customer of a 12 s round whatever the speed: 5 s of stores of a few saves each.
   */
  private static final long MAX_BYTES_PER_CUSTOMER = 8 * 1024;
  /** The schema and H2's own maps, whatever the number of customers. */
  private static final long EMPTY_FILE_ALLOWANCE = 1024 * 1024;

  @TempDir
  Path directory;

  @Test
  void every_answered_save_survives_kill_9_and_the_file_stays_small() throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("customers");
    List<String> acknowledged = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      acknowledged.addAll(writeThenKill(url, SECONDS_PER_ROUND));
    }
    Path ids = Files.write(directory.resolve("ids.txt"), acknowledged);
    Map<String, Long> found = verdict(child("check", url, ids.toString()));
    System.out.println("H2 after " + ROUNDS + " kills, each after " + SECONDS_PER_ROUND + " s of saves: " + found);

    assertThat(found.get("acknowledged")).as("saves answered before the kills").isGreaterThan(100);
    assertThat(found.get("missing")).as("answered saves missing after the kills").isZero();
    assertThat(found.get("partial")).as("answered saves without all their addresses and tags").isZero();
    assertThat(found.get("stored_partial")).as("customers stored without all their addresses and tags").isZero();
    assertThat(found.get("file_bytes")).as("file bytes for %d customers", found.get("stored"))
        .isLessThanOrEqualTo(EMPTY_FILE_ALLOWANCE + MAX_BYTES_PER_CUSTOMER * found.get("stored"));
  }

  /** The child's line "acknowledged=N missing=N ..." as a map. */
  private static Map<String, Long> verdict(String line) {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String pair : line.trim().split(" ")) {
      String[] nameAndValue = pair.split("=");
      values.put(nameAndValue[0], Long.parseLong(nameAndValue[1]));
    }
    return values;
  }

  /** Starts the writer, lets it save for the given time, kills it with -9, and answers the ids it printed. */
  private List<String> writeThenKill(String url, long seconds) throws Exception {
    Process writer = start("write", url, Integer.toString(THREADS));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> ChildJvm.copy(writer.getInputStream(), printed));
    reader.start();
    // The load time counts from the end of start-up, which takes long on a busy machine.
    long startedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (!printed.toString(StandardCharsets.UTF_8).startsWith("ready\n")
        && writer.isAlive() && System.nanoTime() < startedBy) {
      Thread.sleep(20);
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    writer.destroyForcibly(); // SIGKILL
    assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("the writer is gone").isTrue();
    reader.join(TimeUnit.SECONDS.toMillis(30));
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text).as("the writer's output; its log: %s", log("write")).startsWith("ready\n");
    // Only whole lines: an id the kill cut short was never printed in full, so never promised.
    List<String> lines = Arrays.asList(text.substring(0, text.lastIndexOf('\n')).split("\n"));
    return new ArrayList<>(lines.subList(1, lines.size()));
  }

  private String child(String... args) throws Exception {
    Process process = start(args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChildJvm.copy(process.getInputStream(), out);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit status of %s: %s %s", args[0], out, log(args[0])).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private Process start(String... args) throws IOException {
    return ChildJvm.start(directory, args);
  }

  private String log(String child) throws IOException {
    return Files.readString(directory.resolve("child-" + child + ".log"));
  }
}
