package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CustomerRepository.SaveResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One H2 file, one process: a second process is refused with what holds the file, and a process that starts while
 * another still holds it waits for it to go. Repositories of one JVM share the file.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class H2FileLockIT {

  @TempDir
  Path directory;

  /** In one JVM both share H2's database: each batch is stored and forced through it, whichever repository's. */
  @Test
  void two_repositories_on_the_same_file_in_this_process_share_it() {
    String url = "jdbc:h2:file:" + directory.resolve("customers");
    try (JdbiCustomerRepository first = JdbiCustomerRepository.open(url, "sa", "");
        JdbiCustomerRepository second = JdbiCustomerRepository.open(url, "sa", "")) {
      SaveResult byFirst = first.save(aCustomer().build());
      SaveResult bySecond = second.save(aCustomer().build());

      assertThat(second.findById(((SaveResult.Saved) byFirst).customer().id().orElseThrow())).isPresent();
      assertThat(first.findById(((SaveResult.Saved) bySecond).customer().id().orElseThrow())).isPresent();
    }
  }

  @Test
  void a_second_process_is_refused_a_restart_waits_for_the_first_to_go_and_no_answered_save_is_lost()
      throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("customers");
    Process first = ChildJvm.start(directory, "write", url, "4");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> ChildJvm.copy(first.getInputStream(), printed));
    reader.start();
    long startedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (printed.toString(StandardCharsets.UTF_8).split("\n").length < 50 && first.isAlive()
        && System.nanoTime() < startedBy) {
      Thread.sleep(20);
    }

    Process second = ChildJvm.start(directory, "open", url, "1000");
    String refused = output(second);
    assertThat(second.exitValue()).as("the second process's exit; it said: %s", refused).isEqualTo(3);
    assertThat(refused).contains(directory.resolve("customers").toString())
        .contains("held by another process");

    Process restart = ChildJvm.start(directory, "open", url, "60000");
    Thread.sleep(1_000);
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String opened = output(restart);
    assertThat(restart.exitValue()).as("the restart's exit; it said: %s", opened).isZero();
    assertThat(opened).startsWith("opened");

    reader.join(TimeUnit.SECONDS.toMillis(30));
    String text = printed.toString(StandardCharsets.UTF_8);
    List<String> ids = Arrays.asList(text.substring(0, text.lastIndexOf('\n')).split("\n"));
    Path idsFile = Files.write(directory.resolve("ids.txt"), ids.subList(1, ids.size()));
    Process check = ChildJvm.start(directory, "check", url, idsFile.toString());
    String verdict = output(check);
    System.out.println("H2 file after a refused second process and an overlapping restart: " + verdict);
    assertThat(verdict).contains("missing=0 partial=0");
  }

  private static String output(Process process) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChildJvm.copy(process.getInputStream(), out);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the child ended").isTrue();
    return out.toString(StandardCharsets.UTF_8);
  }
}
