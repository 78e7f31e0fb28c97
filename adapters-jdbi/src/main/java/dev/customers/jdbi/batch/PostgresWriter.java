package dev.customers.jdbi.batch;

import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.batch.Batcher.Pending;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The writer on PostgreSQL: a batch's saves in one statement; one whose email is taken is left out and hears
 * a unique violation. A failed statement stores nothing: each save runs again alone, unless the connection is lost.
 */
public final class PostgresWriter<I, O> implements Batcher.Writer<I, O> {

  private final DataSource dataSource;
  private final Batcher.Work<List<I>, List<O>> statement;

  /**
   * {@code statement}: the saves of a batch in one, committed when it returns; answers each in order, null for one
   * whose email is taken.
   */
  public PostgresWriter(DataSource dataSource, Batcher.Work<List<I>, List<O>> statement) {
    this.dataSource = dataSource;
    this.statement = statement;
  }

  @Override
  public void write(List<Pending<I, O>> batch) {
    try {
      store(batch);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1 || SqlErrors.unavailableOr(e) instanceof StorageUnavailableException) {
        batch.forEach(pending -> pending.fail(e));
      } else {
        batch.forEach(pending -> write(List.of(pending)));
      }
    }
  }

  private void store(List<Pending<I, O>> batch) throws SQLException {
    List<O> stored;
    try (Connection connection = dataSource.getConnection()) {
      stored = statement.apply(connection, batch.stream().map(Pending::item).toList());
    }
    for (int i = 0; i < batch.size(); i++) {
      if (stored.get(i) == null) {
        batch.get(i).fail(new SQLException("The email is taken: the batch left its customer out", "23505"));
      } else {
        batch.get(i).complete(stored.get(i));
      }
    }
  }
}
