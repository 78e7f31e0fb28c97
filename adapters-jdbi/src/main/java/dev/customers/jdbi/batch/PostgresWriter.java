package dev.customers.jdbi.batch;

import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.batch.Batcher.Pending;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The writer on PostgreSQL: a batch of several saves is stored by one statement, one round trip and one commit for
 * all of them instead of one each, and one thread waits for the database instead of one per request. A save whose
 * email is taken is left out of that statement whole and hears {@link EmailTaken}; a batch of one is stored as on its
 * own. When the statement fails, nothing of it is stored and each save is run again on its own, unless the
 * connection is lost: then every save of the batch hears it.
 */
public final class PostgresWriter<I, O> implements Batcher.Writer<I, O> {

  /** Several saves in one statement; answers each in the batch's order, null for one whose email was taken. */
  @FunctionalInterface
  public interface Together<I, O> {
    List<O> apply(Connection connection, List<I> items) throws SQLException;
  }

  /** What a save of a batch hears when its email is taken: a unique violation, as on its own. */
  static final class EmailTaken extends SQLException {
    EmailTaken() {
      super("The email is taken (the unique email index's on conflict left the customer out)", "23505");
    }
  }

  private final DataSource dataSource;
  private final Work<I, O> alone;
  private final Together<I, O> together;

  /** {@code alone} stores one save in one statement, {@code together} several; each committed here. */
  public PostgresWriter(DataSource dataSource, Work<I, O> alone, Together<I, O> together) {
    this.dataSource = dataSource;
    this.alone = alone;
    this.together = together;
  }

  @Override
  public void write(List<Pending<I, O>> batch) {
    if (batch.size() == 1) {
      writeAlone(batch.get(0));
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      List<O> stored = committed(connection, c -> together.apply(c, batch.stream().map(Pending::item).toList()));
      for (int i = 0; i < batch.size(); i++) {
        if (stored.get(i) == null) {
          batch.get(i).failed(new EmailTaken());
        } else {
          batch.get(i).answer(stored.get(i));
        }
        batch.get(i).complete();
      }
      return;
    } catch (SQLException | RuntimeException e) {
      if (SqlErrors.unavailableOr(e) instanceof StorageUnavailableException) {
        batch.forEach(pending -> pending.fail(e));
        return;
      }
    }
    batch.forEach(this::writeAlone);
  }

  /** One statement, committed: by itself in auto-commit, else here (a pool that hands out connections without). */
  private static <T> T committed(Connection connection, Statement<T> statement) throws SQLException {
    if (connection.getAutoCommit()) {
      return statement.run(connection);
    }
    try {
      T stored = statement.run(connection);
      connection.commit();
      return stored;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private interface Statement<T> {
    T run(Connection connection) throws SQLException;
  }

  private void writeAlone(Pending<I, O> pending) {
    try (Connection connection = dataSource.getConnection()) {
      pending.answer(committed(connection, c -> alone.apply(c, pending.item())));
    } catch (SQLException | RuntimeException e) {
      pending.failed(e);
    }
    pending.complete();
  }
}
