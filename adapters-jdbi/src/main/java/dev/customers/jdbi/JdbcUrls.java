package dev.customers.jdbi;

import java.util.regex.Pattern;

/** JDBC URLs fit for messages and logs. */
final class JdbcUrls {

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
}
