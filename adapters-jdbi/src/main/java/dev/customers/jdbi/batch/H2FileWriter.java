package dev.customers.jdbi.batch;

import dev.customers.jdbi.h2.H2FileCommits;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The writer on an H2 file (or server): as {@link H2Writer}, and a batch is answered once it is in the file (by
 * default on the disk): its saves share one store and one fsync ({@link H2FileCommits#checkpoint}).
 */
public final class H2FileWriter<I, O> extends H2Writer<I, O> {

  private final H2FileCommits commits;

  public H2FileWriter(DataSource dataSource, Batcher.Work<I, O> save, H2FileCommits commits) {
    super(dataSource, save);
    this.commits = commits;
  }

  @Override
  protected void stored(Connection connection) throws SQLException {
    commits.checkpoint(connection);
  }

  /** Answered first: the slice of compaction delays the next batch, not this one. */
  @Override
  protected void answered(Connection connection) {
    commits.compactSome(connection);
  }

  /** While no saves come: forces the file when it is due ({@link H2FileCommits#forceDue}). */
  @Override
  public void idle() {
    if (!commits.forceDue()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      commits.checkpoint(connection);
    } catch (SQLException | RuntimeException e) {
      // The next batch's checkpoint hears of it, and fails its saves.
    }
  }
}
