package dev.customers.jdbi.migration.common;

import dev.customers.domain.Customer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * One customer per mailbox: emails were unique ignoring case ({@code lower(email)}), so the same mailbox spelled
 * with fullwidth letters, decomposed accents or its domain in punycode made a second customer. The unique key is
 * now {@code email_key}, written by every save as {@link Customer#emailKey()} computes it; here each existing row
 * gets it, computed by the same code (hence Java: IDNA is not SQL). The same on H2 and PostgreSQL.
 *
 * <p>Rows that were two customers of one mailbox stay two customers: the oldest (lowest id) gets the key, each
 * later one its key followed by {@code " #<id>"} (no key of a valid address has a space after its domain), so the
 * migration never fails and a new create of that mailbox is refused as taken. What such rows are is in
 * docs/storage.md.
 *
 * <p>Public only for Flyway, which finds it by scanning this package and instantiates it by reflection.
 */
public final class V9__email_key_of_each_mailbox extends BaseJavaMigration {

  private static final int BATCH = 1_000;

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    boolean h2 = connection.getMetaData().getDatabaseProductName().equals("H2");
    try (Statement statement = connection.createStatement()) {
      if (h2) {
        // A generated column of lower(email) under a unique constraint.
        statement.execute("alter table customers drop constraint customers_email_key");
        statement.execute("alter table customers drop column email_key");
      } else {
        // A unique index on lower(email).
        statement.execute("drop index customers_email_key");
      }
      statement.execute("alter table customers add column email_key varchar");
      fillKeys(connection);
      statement.execute("create index customers_email_key_of_the_migration on customers (email_key)");
      statement.execute("update customers set email_key = email_key || ' #' || cast(id as varchar) where exists ("
          + "select 1 from customers older where older.email_key = customers.email_key and older.id < customers.id)");
      statement.execute("drop index customers_email_key_of_the_migration");
      statement.execute("alter table customers alter column email_key set not null");
      statement.execute("alter table customers add constraint customers_email_key unique (email_key)");
    }
  }

  /** Every row's key, in batches: the rows are read once, never all in memory. */
  private static void fillKeys(Connection connection) throws SQLException {
    try (Statement query = connection.createStatement();
        PreparedStatement update = connection.prepareStatement("update customers set email_key = ? where id = ?")) {
      query.setFetchSize(BATCH);
      int batched = 0;
      try (ResultSet rows = query.executeQuery("select id, email from customers")) {
        while (rows.next()) {
          update.setString(1, Customer.emailKey(rows.getString(2)));
          update.setLong(2, rows.getLong(1));
          update.addBatch();
          if (++batched == BATCH) {
            update.executeBatch();
            batched = 0;
          }
        }
      }
      if (batched > 0) {
        update.executeBatch();
      }
    }
  }
}
