package dev.customers.jdbi;

import java.util.regex.Pattern;

/** JDBC URLs fit for messages and logs, and the settings the pool adds to them. */
final class JdbcUrls {

  private static final String H2 = "jdbc:h2:";
  /** H2 over the network: the database lives in the H2 server's process, which decides when it closes. */
  private static final Pattern H2_REMOTE = Pattern.compile("(?i)jdbc:h2:(tcp|ssl):.*");
  private static final Pattern CLOSE_ON_EXIT = Pattern.compile("(?i);\\s*DB_CLOSE_ON_EXIT\\s*=");

  /** {@code password=}, {@code PASSWORD=}, {@code sslpassword=}... as a URL parameter of PostgreSQL or H2. */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]\\s*[a-z_]*password\\s*=)[^&;]*");
  /** {@code //user:secret@host}. */
  private static final Pattern PASSWORD_IN_USER_INFO = Pattern.compile("//([^/:@?;]*):[^/@?;]*@");

  private JdbcUrls() {}

  /** Whether the URL is of a database in an H2 server ({@code jdbc:h2:tcp:}, {@code jdbc:h2:ssl:}). */
  static boolean isH2Remote(String jdbcUrl) {
    return H2_REMOTE.matcher(jdbcUrl).matches();
  }

  /** The URL with every password in it replaced by {@code ***}. */
  static String withoutPassword(String jdbcUrl) {
    if (jdbcUrl == null) {
      return "(unknown URL)";
    }
    String url = PASSWORD_IN_USER_INFO.matcher(jdbcUrl).replaceFirst("//$1:***@");
    return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
  }

  /**
   * An embedded H2 URL with {@code DB_CLOSE_ON_EXIT=FALSE} added, unless it sets that itself; other URLs as they
   * are. Otherwise H2 closes the database from a shutdown hook of its own when the JVM begins to exit, while
   * requests in flight and the event relay still use it ("Database is already closed"): the pool closes it instead,
   * last, when the repository is closed.
   */
  static String closedByThePool(String jdbcUrl) {
    if (!jdbcUrl.regionMatches(true, 0, H2, 0, H2.length()) || isH2Remote(jdbcUrl)
        || CLOSE_ON_EXIT.matcher(jdbcUrl).find()) {
      return jdbcUrl;
    }
    return jdbcUrl + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}
