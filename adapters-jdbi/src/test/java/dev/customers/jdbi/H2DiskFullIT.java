package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.StorageUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * A disk that fills up under an H2 file: a small tmpfs, mounted for the test (root on Linux; elsewhere the test is
 * skipped and says why). Saves then fail as unavailable storage (a 503 over HTTP), never as a fault; no save is
 * answered that is not in the file; and once space is freed, saves succeed again without a restart.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class H2DiskFullIT {

  private static final String SIZE = "24m";
  private static final int THREADS = 4;

  private Path mount;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    mount = Files.createTempDirectory("customers-disk-full");
    String why = mountTmpfs(mount);
    if (why != null) {
      System.out.println("H2DiskFullIT skipped: " + why);
      Files.delete(mount);
    }
    assumeTrue(why == null, why);
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null && Files.exists(mount)) {
      new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
      Files.deleteIfExists(mount);
    }
  }

  @Test
  void a_full_disk_fails_saves_as_unavailable_and_they_succeed_again_once_space_is_freed() throws Exception {
    Path filler = mount.resolve("filler");
    String url = "jdbc:h2:file:" + mount.resolve("customers");
    ConcurrentLinkedQueue<Long> answered = new ConcurrentLinkedQueue<>();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "")) {
      Files.write(filler, new byte[8 * 1024 * 1024]);
      ExecutorService savers = Executors.newFixedThreadPool(THREADS);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (int i = 0; i < THREADS; i++) {
        savers.submit(() -> {
          int failed = 0;
          while (failed < 20 && System.nanoTime() < until) {
            try {
              SaveResult result = repository.save(aCustomer().build());
              answered.add(((SaveResult.Saved) result).customer().id().orElseThrow().value());
            } catch (RuntimeException e) {
              failed++;
              failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
          }
        });
      }
      savers.shutdown();
      assertThat(savers.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
      System.out.println("Disk full after " + answered.size() + " saves; failures by type: " + failures);

      assertThat(failures).as("what the saves on a full disk threw").isNotEmpty()
          .containsOnlyKeys(StorageUnavailableException.class.getSimpleName());

      Files.delete(filler);
      List<Long> after = new ArrayList<>();
      long retryUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (after.size() < 10 && System.nanoTime() < retryUntil) {
        try {
          after.add(((SaveResult.Saved) repository.save(aCustomer().build())).customer().id().orElseThrow().value());
        } catch (StorageUnavailableException stillFull) {
          Thread.sleep(100);
        }
      }
      System.out.println("After freeing space: " + after.size() + " saves");
      assertThat(after).as("saves after space was freed, without a restart").hasSize(10);
      answered.addAll(after);
    }
    Set<Long> stored = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        ResultSet ids = connection.createStatement().executeQuery("select id from customers.customers")) {
      while (ids.next()) {
        stored.add(ids.getLong(1));
      }
    }
    assertThat(answered).as("answered saves missing from the file").allMatch(stored::contains);
  }

  /** Null once mounted, else why not. */
  private static String mountTmpfs(Path at) throws InterruptedException {
    if (!System.getProperty("os.name").startsWith("Linux")) {
      return "a tmpfs needs Linux";
    }
    try {
      Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", at.toString())
          .redirectErrorStream(true).start();
      String said = new String(mount.getInputStream().readAllBytes()).trim();
      if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
        return "mount -t tmpfs failed (it needs root): " + said;
      }
      return null;
    } catch (IOException e) {
      return "no mount command: " + e.getMessage();
    }
  }
}
