package db.previous_release.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * H2 gave the foreign key of {@code customer_events.customer_id} an index of its own (V5 declares the reference
 * before the unique constraint), so every create wrote two indexes on that column. Declared again, the key uses
 * the unique constraint's index and the other goes with the old key: one B-tree less for each durable commit.
 * (The foreign keys of addresses and tags keep theirs: H2 uses only an index on exactly the key's columns.) In Java
 * because H2 named the key itself and SQL cannot look the name up; PostgreSQL never makes such an index.
 *
 * <p>A copy, for {@code PreviousHistoryIT}, of the migration as the previous release shipped it in
 * {@code db.migration.h2}, Flyway's default location.
 */
public final class V6__customer_events_foreign_key_on_its_unique_index extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement statement = connection.createStatement()) {
      for (String name : foreignKeysOfCustomerEvents(statement)) {
        statement.execute("alter table customer_events drop constraint \"" + name + "\"");
      }
      statement.execute("alter table customer_events add constraint customer_events_customer "
          + "foreign key (customer_id) references customers (id)");
    }
  }

  private static List<String> foreignKeysOfCustomerEvents(Statement statement) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery("select constraint_name from information_schema.table_constraints "
        + "where table_schema = current_schema and table_name = 'CUSTOMER_EVENTS' "
        + "and constraint_type = 'FOREIGN KEY'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
