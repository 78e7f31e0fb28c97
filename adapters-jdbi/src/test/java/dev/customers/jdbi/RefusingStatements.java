package dev.customers.jdbi;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * A DataSource whose connections refuse to prepare the statements that start with a given SQL, as a database that
 * fails in the middle of a transaction; it records the SQL of the statements they executed until then.
 */
final class RefusingStatements {

  static final String MESSAGE = "refused by the test";

  private final String refusedPrefix;
  private final List<String> executed = Collections.synchronizedList(new ArrayList<>());

  RefusingStatements(String refusedPrefix) {
    this.refusedPrefix = refusedPrefix;
  }

  DataSource over(DataSource dataSource) {
    return proxy(DataSource.class, dataSource, null);
  }

  /** Forgets the statements executed so far. */
  void reset() {
    executed.clear();
  }

  /** The SQL of each statement executed (not refused) since the last reset, the first line only, in order. */
  List<String> executed() {
    synchronized (executed) {
      return List.copyOf(executed);
    }
  }

  private <T> T proxy(Class<T> type, T target, String sql) {
    InvocationHandler handler = (proxy, method, arguments) -> {
      String name = method.getName();
      if (type == Connection.class && name.equals("prepareStatement")
          && ((String) arguments[0]).strip().startsWith(refusedPrefix)) {
        // SQLState XX000 (internal error): neither a connection failure nor a broken unique key.
        throw new SQLException(MESSAGE, "XX000");
      }
      if (sql != null && name.startsWith("execute")) {
        executed.add(sql.strip().lines().findFirst().orElse(""));
      }
      Object result;
      try {
        result = method.invoke(target, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof Connection connection && name.equals("getConnection")) {
        return proxy(Connection.class, connection, null);
      }
      if (result instanceof PreparedStatement statement && name.equals("prepareStatement")) {
        return proxy(PreparedStatement.class, statement, (String) arguments[0]);
      }
      return result;
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
