package dev.customers.jdbi.batch;

import java.sql.Connection;
import java.sql.SQLException;

/** One save's statements on a connection; what it throws fails only that save. */
@FunctionalInterface
public interface Work<I, O> {
  O apply(Connection connection, I item) throws SQLException;
}
