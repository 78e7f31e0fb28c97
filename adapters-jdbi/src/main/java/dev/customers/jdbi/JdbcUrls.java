package dev.customers.jdbi;

import java.util.regex.Pattern;

/** JDBC URLs fit for messages and logs, and the settings the pool adds to them. */
final class JdbcUrls {

  private static final Pattern CLOSE_ON_EXIT = Pattern.compile("(?i);\\s*DB_CLOSE_ON_EXIT\\s*=");
  /** {@code password=}, {@code PASSWORD=}, {@code sslpassword=}... as a URL parameter of PostgreSQL or H2. */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]\\s*[a-z_]*password\\s*=)[^&;]*");
  /** {@code //user:secret@host}. */
  private static final Pattern PASSWORD_IN_USER_INFO = Pattern.compile("//([^/:@?;]*):[^/@?;]*@");

  private JdbcUrls() {}

  /** The URL with every password in it replaced by {@code ***}. */
  static String withoutPassword(String jdbcUrl) {
    if (jdbcUrl == null) {
      return "(unknown URL)";
    }
    String url = PASSWORD_IN_USER_INFO.matcher(jdbcUrl).replaceFirst("//$1:***@");
    return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
  }

  /**
   * An embedded H2 URL with {@code DB_CLOSE_ON_EXIT=FALSE} added unless it sets that itself: else H2's shutdown hook
   * closes the database while requests in flight still use it. The pool closes it, last, with the repository.
   */
  static String closedByThePool(String jdbcUrl) {
    DatabaseKind kind = DatabaseKind.of(jdbcUrl).orElse(DatabaseKind.POSTGRESQL);
    boolean embedded = kind.isH2() && kind != DatabaseKind.H2_SERVER;
    return embedded && !CLOSE_ON_EXIT.matcher(jdbcUrl).find() ? jdbcUrl + ";DB_CLOSE_ON_EXIT=FALSE" : jdbcUrl;
  }
}
