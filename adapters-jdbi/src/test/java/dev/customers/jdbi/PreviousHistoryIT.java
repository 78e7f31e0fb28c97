package dev.customers.jdbi;

import static dev.customers.jdbi.TestDatabases.tableExists;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.events.CustomerCreated;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database of the release before this one: its migrations then lived in Flyway's default location, recorded in
 * Flyway's default table, and its tables in the default schema. {@code db/previous_release} holds byte-for-byte
 * copies of those migrations (and of the Java one, in a package of the test's), so the checksums are the ones such a
 * database holds.
 */
class PreviousHistoryIT extends OnEveryDatabase {

  private static final String PREVIOUS_JAVA_MIGRATION =
      "db.migration.h2.V6__customer_events_foreign_key_on_its_unique_index";
  private static final String HOST_MIGRATIONS = "classpath:db/host_of_the_previous_release";
  /** Where the previous release kept its tables: the default schema, which its statements named by no schema. */
  private static final OurSchema DEFAULT_SCHEMA = new OurSchema("public");
  private static final String OURS_HISTORY = OurSchema.DEFAULT + ".\"" + Schema.HISTORY_TABLE + "\"";

  /**
   * Migrations made since the previous release: V7 (tags in the customer's row), V8 on H2 (one index less), V9 (the
   * key of each mailbox).
   */
  private static int newerMigrations(Dialect dialect) {
    return dialect == Dialect.H2 ? 3 : 2;
  }

  @ParameterizedTest
  @EnumSource(DatabaseUnderTest.class)
  void a_database_of_the_previous_release_is_upgraded_on_open_and_keeps_every_row(DatabaseUnderTest kind)
      throws Exception {
    String url = kind.newUrl(files, postgres);
    Customer stored;
    KeyedRequest request;
    List<Instant> installedOn;
    try (HikariDataSource previous = kind.pool(url, postgres)) {
      migrateAsThePreviousRelease(previous, kind.dialect);
      request = TestDatabases.aKeyedRequest();
      stored = saveAsThePreviousRelease(previous, kind.dialect, request);
      installedOn = installedOn(previous, quoted(PreviousHistory.TABLE));
    }

    try (HikariDataSource database = kind.pool(url, postgres);
        JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
      TestDatabases.assertKept(repository, stored, request);

      assertThat(tableExists(database, PreviousHistory.TABLE)).isFalse();
      for (String table : List.of("customers", "addresses", "tags", "customer_events", Schema.HISTORY_TABLE)) {
        assertThat(tableExists(database, table)).as(table + " in the default schema").isFalse();
      }
      assertThat(history(database)).isEqualTo(historyOfANewDatabase(kind.dialect));
      List<Instant> ours = installedOn(database, OURS_HISTORY);
      assertThat(ours.subList(0, installedOn.size())).as("the previous release's migrations, moved")
          .isEqualTo(installedOn);
      assertThat(ours).as("and this release's, applied on open")
          .hasSize(installedOn.size() + newerMigrations(kind.dialect));
    }
    try (HikariDataSource database = kind.pool(url, postgres);
        JdbiCustomerRepository again = JdbiCustomerRepository.over(database)) {
      assertThat(again.findById(stored.id().orElseThrow())).contains(stored);
    }
  }

  @ParameterizedTest
  @EnumSource(value = DatabaseUnderTest.class, names = {"H2_IN_MEMORY", "POSTGRESQL"})
  void a_hosts_rows_in_the_previous_history_table_stay_there_and_its_flyway_still_migrates(DatabaseUnderTest kind)
      throws Exception {
    String url = kind.newUrl(files, postgres);
    try (HikariDataSource database = kind.pool(url, postgres)) {
      migrateAsThePreviousRelease(database, kind.dialect);
      hostOfThePreviousRelease(database).migrate();

      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }

      assertThat(history(database)).isEqualTo(historyOfANewDatabase(kind.dialect));
      assertThat(hostOfThePreviousRelease(database).info().applied())
          .extracting(migration -> migration.getVersion().getVersion() + " " + migration.getDescription())
          .containsExactly("100 orders");
      assertThat(hostOfThePreviousRelease(database).migrate().success).isTrue();
      assertThat(tableExists(database, "orders")).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(value = DatabaseUnderTest.class, names = {"H2_IN_MEMORY", "POSTGRESQL"})
  void a_move_that_stopped_once_our_history_table_was_made_is_finished_by_the_next_open(DatabaseUnderTest kind)
      throws Exception {
    try (HikariDataSource database = kind.pool(kind.newUrl(files, postgres), postgres)) {
      migrateAsThePreviousRelease(database, kind.dialect);
      // What the move does first, in a commit of its own on H2.
      Flyway.configure(Schema.class.getClassLoader()).dataSource(database).table(Schema.HISTORY_TABLE)
          .baselineVersion("0").load().baseline();

      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database)) {
        assertThat(repository.save(aCustomer().build())).isInstanceOf(SaveResult.Saved.class);
      }
      assertThat(history(database)).isEqualTo(historyOfANewDatabase(kind.dialect));
      assertThat(tableExists(database, PreviousHistory.TABLE)).isFalse();
    }
  }

  /** What the previous release's Schema did: Flyway's defaults but for the locations. */
  private static void migrateAsThePreviousRelease(DataSource database, Dialect dialect) throws SQLException {
    String folder = dialect == Dialect.H2 ? "h2" : "postgresql";
    Flyway.configure(PreviousHistoryIT.class.getClassLoader()).dataSource(database)
        .locations("classpath:db/previous_release/common", "classpath:db/previous_release/" + folder)
        .cleanDisabled(true)
        .load().migrate();
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
      // Flyway names a Java migration by its class: the copy's package is the test's, the release's was this.
      statement.executeUpdate("update \"flyway_schema_history\" set \"script\" = '" + PREVIOUS_JAVA_MIGRATION
          + "' where \"type\" = 'JDBC'");
    }
  }

  /** A host that shared the previous release's history table, with versions of its own above ours. */
  private static Flyway hostOfThePreviousRelease(DataSource database) {
    return Flyway.configure(PreviousHistoryIT.class.getClassLoader()).dataSource(database)
        .locations(HOST_MIGRATIONS)
        .ignoreMigrationPatterns("*:missing")
        .cleanDisabled(true)
        .load();
  }

  /**
   * As a save did then: a customer with addresses and tags (then rows of a table of their own, in the order given,
   * here not the alphabetical one), its key and event. The customer's row and addresses as today's statements write
   * them but for the tags.
   */
  private static Customer saveAsThePreviousRelease(DataSource database, Dialect dialect, KeyedRequest request)
      throws SQLException {
    Customer customer = aCustomer().tags(List.of("vip", "b2b", "newsletter")).build();
    try (Connection connection = database.getConnection()) {
      connection.setAutoCommit(false);
      new KeyStatements(DEFAULT_SCHEMA).claim(connection, request);
      long id;
      try (PreparedStatement insert = connection.prepareStatement("insert into customers ("
          + CreateStatements.CUSTOMER_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, " + dialect.jsonParameter
          + ", ?)", new String[] {"id"})) {
        CreateStatements.bindCustomer(insert, 1, customer);
        insert.executeUpdate();
        try (ResultSet key = insert.getGeneratedKeys()) {
          key.next();
          id = key.getLong(1);
        }
      }
      long[] addressIds =
          new CreateStatements(dialect, DEFAULT_SCHEMA).addresses(connection, id, customer.addresses());
      try (PreparedStatement insert =
          connection.prepareStatement("insert into tags (customer_id, position, tag) values (?, ?, ?)")) {
        for (int position = 0; position < customer.tags().size(); position++) {
          insert.setLong(1, id);
          insert.setInt(2, position);
          insert.setString(3, customer.tags().get(position));
          insert.executeUpdate();
        }
      }
      List<Address> addresses = new ArrayList<>();
      for (int i = 0; i < addressIds.length; i++) {
        addresses.add(customer.addresses().get(i).withId(AddressId.of(addressIds[i])));
      }
      Customer stored = customer.withId(CustomerId.of(id)).withAddresses(addresses);
      new EventStatements(dialect, DEFAULT_SCHEMA).insert(connection, CustomerCreated.of(stored));
      new KeyStatements(DEFAULT_SCHEMA).made(connection, request.key(), stored.id().orElseThrow().value());
      connection.commit();
      return stored;
    }
  }

  private static List<String> historyOfANewDatabase(Dialect dialect) throws SQLException {
    String url = dialect == Dialect.H2 ? "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
        : postgres.urlOfNewDatabase();
    try (HikariDataSource fresh = dialect == Dialect.H2 ? TestDatabases.pool(url, "sa", "")
        : TestDatabases.pool(url, postgres.user(), postgres.password())) {
      JdbiCustomerRepository.migrate(fresh);
      List<String> history = history(fresh);
      assertThat(history).hasSize(5 + newerMigrations(dialect));
      return history;
    }
  }

  /** Our rows in our history table, every column but who and when. */
  private static List<String> history(DataSource database) throws SQLException {
    return TestDatabases.rows(database, "select \"installed_rank\", \"version\", \"description\", \"type\", "
        + "\"script\", \"checksum\", \"success\" from " + OURS_HISTORY + " where \"installed_rank\" > 0 "
        + "order by \"installed_rank\"");
  }

  private static String quoted(String table) {
    return "\"" + table + "\"";
  }

  private static List<Instant> installedOn(DataSource database, String table) throws SQLException {
    List<Instant> installedOn = new ArrayList<>();
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
        ResultSet history = statement.executeQuery("select \"installed_on\" from " + table + " "
            + "where \"type\" in ('SQL', 'JDBC') order by \"installed_rank\"")) {
      while (history.next()) {
        installedOn.add(history.getTimestamp(1).toInstant());
      }
    }
    return installedOn;
  }
}
