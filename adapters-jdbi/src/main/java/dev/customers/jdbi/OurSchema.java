package dev.customers.jdbi;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The schema of our tables and their history ({@value #DEFAULT} unless the embedder names another), which every
 * statement names (docs/storage.md, "Schema"): an unquoted lower-case SQL identifier.
 */
record OurSchema(String name) {

  static final String DEFAULT = "customers";
  /** The placeholder of the schema in our SQL, as Jdbi's templates write an attribute. */
  static final String PLACEHOLDER = "<schema>";

  /** At most 63 characters: PostgreSQL's limit for a name. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  OurSchema {
    Objects.requireNonNull(name, "schema");
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("The schema of the customer tables is an SQL identifier in lower case "
          + "(a-z, 0-9 and _, not starting with a digit, at most 63 characters), got \"" + name + "\"");
    }
  }

  /** The SQL with every {@value #PLACEHOLDER} replaced by the schema's name. */
  String qualify(String sql) {
    return sql.replace(PLACEHOLDER, name);
  }

  /** The name as the database stores it, for Flyway and the database's metadata. */
  String stored(Dialect dialect) {
    return dialect == Dialect.H2 ? name.toUpperCase(Locale.ROOT) : name;
  }
}
