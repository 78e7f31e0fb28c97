package dev.customers.jdbi.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.JdbiCustomerRepository;
import dev.customers.jdbi.h2.H2FileCommits;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link Batcher} with the writer of an H2 file, with saves of one row each: a first save holds the writer while
 * others queue up, so that those others share the next transaction.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class H2FileWriterTest {

  @TempDir
  Path directory;

  private final AtomicInteger connections = new AtomicInteger();
  private final Callers callers = new Callers();
  private DataSource database;
  private H2FileCommits durable;

  @BeforeEach
  void createTable() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + directory.resolve("rows"));
    h2.setUser("sa");
    database = counting(h2, connections);
    try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("create table rows (v varchar(20) primary key)");
      durable = H2FileCommits.open(connection, JdbiCustomerRepository.Durability.PROCESS_CRASH, h2.getURL(),
          H2FileCommits.databasePath(connection));
    }
  }

  @AfterEach
  void stopCallers() {
    callers.close();
  }

  @Test
  void saves_that_queue_up_share_one_transaction_and_one_that_fails_fails_alone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Batcher<Save, String> commits = batcher()) {
      Future<String> first = holdingTheWriter(commits, release);
      List<String> values = List.of("a", "b", "first", "c", "d");
      List<Future<String>> queued = new ArrayList<>();
      for (String value : values) {
        queued.add(callers.submit(() -> commits.run((Save) connection -> insert(connection, value))));
      }
      callers.awaitWaiting(values.size() + 1);
      connections.set(0);

      release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
      for (int i : List.of(0, 1, 3, 4)) {
        assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(values.get(i));
      }
      assertThatThrownBy(() -> queued.get(2).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SQLException.class)
          .satisfies(thrown -> assertThat(((SQLException) thrown.getCause()).getSQLState()).isEqualTo("23505"));
      assertThat(connections).as("transactions after the first").hasValue(1);
      assertThat(rows()).containsExactlyInAnyOrder("first", "a", "b", "c", "d");
    }
  }

  @Test
  void a_transaction_that_one_save_breaks_is_run_again_save_by_save() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Batcher<Save, String> commits = batcher()) {
      Future<String> first = holdingTheWriter(commits, release);
      Future<String> before = callers.submit(() -> commits.run((Save) connection -> insert(connection, "before")));
      callers.awaitWaiting(2);
      Future<String> breaking = callers.submit(() -> commits.run((Save) connection -> {
        insert(connection, "broken");
        // What H2 does to a deadlock's victim: the whole transaction is rolled back.
        connection.rollback();
        throw new SQLException("Deadlock detected", "40001");
      }));
      callers.awaitWaiting(3);
      Future<String> after = callers.submit(() -> commits.run((Save) connection -> insert(connection, "after")));
      callers.awaitWaiting(4);
      connections.set(0);

      release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo("before");
      assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("after");
      assertThatThrownBy(() -> breaking.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SQLException.class)
          .satisfies(thrown -> assertThat(((SQLException) thrown.getCause()).getSQLState()).isEqualTo("40001"));
      assertThat(connections).as("the shared transaction, then one for each save").hasValue(4);
      assertThat(rows()).containsExactlyInAnyOrder("first", "before", "after");
    }
  }

  @Test
  void close_lets_queued_saves_finish_and_refuses_later_ones() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Batcher<Save, String> commits = batcher();
    Future<String> first = holdingTheWriter(commits, release);
    Future<String> queued = callers.submit(() -> commits.run((Save) connection -> insert(connection, "queued")));
    callers.awaitWaiting(2);
    Future<?> closing = callers.submit(commits::close);

    release.countDown();
    closing.get(10, TimeUnit.SECONDS);

    assertThat(first.get(1, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(queued.get(1, TimeUnit.SECONDS)).isEqualTo("queued");
    assertThatThrownBy(() -> commits.run((Save) connection -> insert(connection, "late")))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessage("The customer repository is closed");
    assertThat(rows()).containsExactlyInAnyOrder("first", "queued");
  }

  @Test
  void close_fails_the_saves_of_a_writer_that_hangs_instead_of_waiting_for_ever() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Batcher<Save, String> commits = batcher();
    Future<String> hanging = callers.submit(() -> commits.run((Save) connection -> {
      running.countDown();
      await(never);
      return insert(connection, "hanging");
    }));
    running.await(10, TimeUnit.SECONDS);
    Future<String> queued = callers.submit(() -> commits.run((Save) connection -> insert(connection, "queued")));
    callers.awaitWaiting(2);

    // Closed by an interrupted thread: no wait for the writer, which hangs.
    Thread.currentThread().interrupt();
    try {
      commits.close();
    } finally {
      Thread.interrupted();
    }

    for (Future<String> save : List.of(hanging, queued)) {
      assertThatThrownBy(() -> save.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StorageUnavailableException.class);
    }
  }

  /** A save of the test: its statements. */
  private interface Save {
    String apply(Connection connection) throws SQLException;
  }

  private Batcher<Save, String> batcher() {
    return new Batcher<>("h2", new H2FileWriter<Save, String>(database, (connection, save) -> save.apply(connection),
        durable));
  }

  /** Saves "first" once {@code release} is counted down, and answers once the writer is at that save. */
  private Future<String> holdingTheWriter(Batcher<Save, String> commits, CountDownLatch release) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    Future<String> first = callers.submit(() -> commits.run((Save) connection -> {
      running.countDown();
      await(release);
      return insert(connection, "first");
    }));
    assertThat(running.await(10, TimeUnit.SECONDS)).as("the writer is at the first save").isTrue();
    return first;
  }

  private static String insert(Connection connection, String value) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("insert into rows (v) values (?)")) {
      insert.setString(1, value);
      insert.executeUpdate();
    }
    return value;
  }

  private List<String> rows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("select v from rows")) {
      while (row.next()) {
        rows.add(row.getString(1));
      }
    }
    return rows;
  }

  private static void await(CountDownLatch latch) throws SQLException {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", e);
    }
  }

  /** Counts the connections taken: one per transaction of the writer. */
  private static DataSource counting(DataSource target, AtomicInteger connections) {
    InvocationHandler handler = (proxy, method, arguments) -> {
      if (method.getName().equals("getConnection")) {
        connections.incrementAndGet();
      }
      try {
        return method.invoke(target, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (DataSource) Proxy.newProxyInstance(
        DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, handler);
  }
}
