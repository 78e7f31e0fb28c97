package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.anAddress;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link H2CrashRecoveryIT}, so that it can be killed with -9 as a crashed server is.
 *
 * <p>{@code write URL THREADS}: saves customers (two addresses, three tags each) from several threads until it is
 * killed, and prints the id of each save once {@code save} has returned: a printed id was promised.
 *
 * <p>{@code open URL WAIT_MILLIS}: opens the database as a second server would, waiting at most that long for
 * the lock of another process, saves one customer and prints {@code opened}, or prints {@code refused: } and why.
 *
 * <p>{@code check URL IDS_FILE}: opens the database the killed writer left and prints one line,
 * {@code acknowledged=N missing=N partial=N stored=N stored_partial=N file_bytes=N}: the printed ids that are not
 * in the file, or in it without every address and tag, the same count over every customer stored, and the size
 * of the file.
 */
public final class CrashingWriter {

  static final int ADDRESSES = 2;
  static final List<String> TAGS = List.of("vip", "newsletter", "b2b");

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "write" -> write(args[1], Integer.parseInt(args[2]));
      case "check" -> check(args[1], Path.of(args[2]));
      case "open" -> open(args[1], Duration.ofMillis(Long.parseLong(args[2])));
      default -> throw new IllegalArgumentException("write URL THREADS | check URL IDS_FILE | open URL WAIT_MILLIS");
    }
  }

  private static void write(String url, int threads) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "");
    out.println("ready");
    for (int i = 0; i < threads; i++) {
      Thread writer = new Thread(() -> {
        while (true) {
          Customer customer = aCustomer()
              .addAddresses(anAddress().isDefaultForBilling(false).isDefaultForShipping(false).build())
              .tags(TAGS)
              .build();
          SaveResult result = repository.save(customer);
          long id = ((SaveResult.Saved) result).customer().id().orElseThrow().value();
          synchronized (out) {
            out.println(id);
          }
        }
      });
      writer.setDaemon(true);
      writer.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  /** Opens the repository as a second server would, waiting for the lock; prints "opened" or why not (exit 3). */
  private static void open(String url, Duration lockWait) {
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.openPool(url, "sa", "",
        JdbiCustomerRepository.Durability.POWER_LOSS, new OurSchema(OurSchema.DEFAULT), null, lockWait)) {
      repository.save(aCustomer().build());
      System.out.println("opened");
    } catch (RuntimeException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(3);
    }
  }

  private static void check(String url, Path idsFile) throws Exception {
    List<String> ids = Files.readAllLines(idsFile);
    Map<Long, Integer> addresses = new HashMap<>();
    Map<Long, Integer> tags = new HashMap<>();
    long stored = 0;
    // Opened as the server opens it after a crash, before the file is read.
    JdbiCustomerRepository.open(url, "sa", "").close();
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("select c.id,"
          + " (select count(*) from customers.addresses a where a.customer_id = c.id),"
          + " cardinality(c.tags) from customers.customers c")) {
        while (rows.next()) {
          addresses.put(rows.getLong(1), rows.getInt(2));
          tags.put(rows.getLong(1), rows.getInt(3));
          stored++;
        }
      }
    }
    long storedPartial = addresses.keySet().stream().filter(id -> !complete(id, addresses, tags)).count();
    long missing = 0;
    long partial = 0;
    for (String line : ids) {
      long id = Long.parseLong(line.trim());
      if (!addresses.containsKey(id)) {
        missing++;
      } else if (!complete(id, addresses, tags)) {
        partial++;
      }
    }
    long fileBytes = Files.size(Path.of(url.substring("jdbc:h2:file:".length()) + ".mv.db"));
    System.out.println("acknowledged=" + ids.size() + " missing=" + missing + " partial=" + partial
        + " stored=" + stored + " stored_partial=" + storedPartial + " file_bytes=" + fileBytes);
  }

  private static boolean complete(long id, Map<Long, Integer> addresses, Map<Long, Integer> tags) {
    return addresses.get(id) == ADDRESSES && tags.get(id) == TAGS.size();
  }
}
