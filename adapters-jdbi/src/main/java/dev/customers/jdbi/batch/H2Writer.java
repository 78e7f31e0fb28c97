package dev.customers.jdbi.batch;

import dev.customers.domain.StorageUnavailableException;
import dev.customers.jdbi.batch.Batcher.Pending;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The writer on H2 in memory: a batch's saves share one transaction, each under a savepoint, so that one that fails
 * is rolled back alone; one commit, then every save is answered. A transaction broken whole is rolled back and each
 * save runs again alone, unless the connection is lost: then every save hears it.
 */
public class H2Writer<I, O> implements Batcher.Writer<I, O> {

  protected final DataSource dataSource;
  private final Batcher.Work<I, O> save;

  /** {@code save}: one save's statements, on the connection of the shared transaction. */
  public H2Writer(DataSource dataSource, Batcher.Work<I, O> save) {
    this.dataSource = dataSource;
    this.save = save;
  }

  @Override
  public void write(List<Pending<I, O>> batch) {
    List<Runnable> answers = new ArrayList<>(batch.size());
    Exception broken;
    try (Connection connection = dataSource.getConnection()) {
      broken = runAndCommit(connection, batch, answers);
      if (broken == null) {
        stored(connection);
        answers.forEach(Runnable::run);
        answered(connection);
        return;
      }
    } catch (SQLException | RuntimeException e) {
      // No connection, or the commit is made but its store failed: no save of the batch may say it is stored.
      batch.forEach(pending -> pending.fail(e));
      return;
    }
    if (batch.size() == 1 || SqlErrors.unavailableOr(broken) instanceof StorageUnavailableException) {
      batch.forEach(pending -> pending.fail(broken));
      return;
    }
    // Rolled back whole for something other than a lost connection: each save alone, answered as before batching.
    for (Pending<I, O> pending : batch) {
      write(List.of(pending));
    }
  }

  /** After the batch's commit, before its saves are answered: what else makes it stored. */
  protected void stored(Connection connection) throws SQLException {}

  /** After the batch's saves are answered, on its connection. */
  protected void answered(Connection connection) {}

  /**
   * Runs each save under a savepoint and commits, adding to {@code answers} how to answer each save once the batch
   * is stored; null when committed, else what broke the transaction (rolled back).
   */
  private Exception runAndCommit(Connection connection, List<Pending<I, O>> batch, List<Runnable> answers) {
    try {
      connection.setAutoCommit(false);
      for (Pending<I, O> pending : batch) {
        Savepoint savepoint = connection.setSavepoint();
        try {
          O answer = save.apply(connection, pending.item());
          answers.add(() -> pending.complete(answer));
        } catch (SQLException | RuntimeException e) {
          rollBackTo(connection, savepoint, e);
          answers.add(() -> pending.fail(e));
        }
      }
      connection.commit();
      connection.setAutoCommit(true);
      return null;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
        connection.setAutoCommit(true);
      } catch (SQLException | RuntimeException ignored) {
        // The pool discards a connection it cannot reset.
      }
      return e;
    }
  }

  /** Undoes one save's statements; when the transaction is gone, throws what the save threw, as what broke it. */
  private static void rollBackTo(Connection connection, Savepoint savepoint, Exception failed) throws SQLException {
    try {
      connection.rollback(savepoint);
    } catch (SQLException | RuntimeException e) {
      failed.addSuppressed(e);
      if (failed instanceof SQLException sql) {
        throw sql;
      }
      throw (RuntimeException) failed;
    }
  }
}
