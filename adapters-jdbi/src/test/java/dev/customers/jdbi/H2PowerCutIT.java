package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.anAddress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power cut, simulated under H2 ({@link PowerCutFileSystem}): saves come from several threads, the power goes
 * while they do, and the file is put back as the disk would have it (what was forced, and of the rest at most a
 * first part). Then every save that was answered must read back whole from the file. Three cuts, each on a disk
 * (a folder) of its own.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class H2PowerCutIT {

  private static final int THREADS = 8;
  private static final int CUTS = 3;
  private static final long LOAD_MILLIS = 1_500;
  private static final int MIN_ANSWERED = 100;

  @TempDir
  Path directory;

  @BeforeAll
  static void registerTheFileSystem() {
    PowerCutFileSystem.register();
  }

  @Test
  void with_the_default_durability_a_power_cut_loses_no_answered_save() throws Exception {
    Random random = new Random(20261207);
    for (int cut = 0; cut < CUTS; cut++) {
      Outcome outcome = saveThenCut("default-" + cut, null, random);
      System.out.println("Power cut " + cut + " (default durability): " + outcome);

      assertThat(outcome.answered()).as("saves answered before the cut").isGreaterThanOrEqualTo(MIN_ANSWERED);
      assertThat(outcome.missing()).as("answered saves missing after the cut").isZero();
      assertThat(outcome.partial()).as("answered saves without all their addresses and tags").isZero();
    }
  }

  private record Outcome(int answered, long missing, long partial, int unforcedWrites, int keptWrites) {}

  /** Why POWER_LOSS is the default: with PROCESS_CRASH nothing is forced, and the disk keeps what it happened to. */
  @Test
  void with_process_crash_durability_a_power_cut_that_keeps_no_unforced_write_loses_answered_saves()
      throws Exception {
    Random keepsNothing = new Random() {
      @Override
      public int nextInt(int bound) {
        return 0;
      }
    };
    Outcome outcome = saveThenCut("process-crash", Durability.PROCESS_CRASH, keepsNothing);
    System.out.println("Power cut (PROCESS_CRASH): " + outcome);

    assertThat(outcome.answered()).isGreaterThanOrEqualTo(MIN_ANSWERED);
    assertThat(outcome.missing()).as("answered saves missing after the cut").isPositive();
  }

  private Outcome saveThenCut(String name, Durability durability, Random random) throws Exception {
    Path folder = Files.createDirectories(directory.resolve(name));
    String url = "jdbc:h2:powercut:file:" + folder.resolve("customers");
    PowerCutFileSystem.Disk disk = PowerCutFileSystem.disk(folder);
    JdbiCustomerRepository repository = durability == null
        ? JdbiCustomerRepository.open(url, "sa", "")
        : JdbiCustomerRepository.open(url, "sa", "", durability);
    ConcurrentLinkedQueue<Long> answered = new ConcurrentLinkedQueue<>();
    CountDownLatch stopped = new CountDownLatch(THREADS);
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOAD_MILLIS);
    for (int i = 0; i < THREADS; i++) {
      Thread saver = new Thread(() -> {
        try {
          while (System.nanoTime() < until + TimeUnit.SECONDS.toNanos(120)) {
            SaveResult result = repository.save(aCustomer()
                .addAddresses(anAddress().isDefaultForBilling(false).isDefaultForShipping(false).build())
                .tags(CrashingWriter.TAGS).build());
            answered.add(((SaveResult.Saved) result).customer().id().orElseThrow().value());
          }
        } catch (RuntimeException powerGone) {
          // The saves after the cut fail: nothing was answered for them.
        } finally {
          stopped.countDown();
        }
      });
      saver.setDaemon(true);
      saver.start();
    }
    // At least LOAD_MILLIS of saves, and at least MIN_ANSWERED of them answered (a busy machine is slow to warm up).
    Thread.sleep(LOAD_MILLIS);
    long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (answered.size() < MIN_ANSWERED && System.nanoTime() < warmUntil) {
      Thread.sleep(20);
    }
    // The power goes in the middle of a store: at its first write not yet forced.
    disk.armAt(1 + random.nextInt(2), random);
    int[] writes = disk.awaitCut(30_000);
    if (writes == null) {
      repository.close();
    }
    assertThat(writes).as("the power went within 30 s").isNotNull();
    // No save can be answered after the cut (nothing can be stored), so every id answered was promised before it.
    assertThat(stopped.await(30, TimeUnit.SECONDS)).as("the savers stopped").isTrue();
    List<Long> promised = new ArrayList<>(answered);
    try {
      repository.close();
    } catch (RuntimeException closingWithoutPower) {
      // As expected: the database cannot store anything any more.
    }
    Path file = folder.resolve("customers.mv.db");
    Path after = folder.resolve("after-the-cut.mv.db");
    Files.copy(file, after);
    return check(after, promised, writes);
  }

  private static Outcome check(Path file, List<Long> promised, int[] writes) throws Exception {
    String name = file.toString().substring(0, file.toString().length() - ".mv.db".length());
    Map<Long, Boolean> complete = new HashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + name, "sa", "");
        ResultSet rows = connection.createStatement().executeQuery("select c.id,"
            + " (select count(*) from customers.addresses a where a.customer_id = c.id), cardinality(c.tags)"
            + " from customers.customers c")) {
      while (rows.next()) {
        complete.put(rows.getLong(1), rows.getInt(2) == CrashingWriter.ADDRESSES && rows.getInt(3) == CrashingWriter.TAGS.size());
      }
    }
    long missing = promised.stream().filter(id -> !complete.containsKey(id)).count();
    long partial = promised.stream().filter(id -> Boolean.FALSE.equals(complete.get(id))).count();
    return new Outcome(promised.size(), missing, partial, writes[0], writes[1]);
  }
}
