package dev.customers.jdbi;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Counts the statements executed through a DataSource: each execute call, a batch too, is one round trip. */
final class ExecutionCounter {

  private final AtomicInteger executions = new AtomicInteger();

  DataSource counting(DataSource dataSource) {
    return wrap(DataSource.class, dataSource, false);
  }

  int executions() {
    return executions.get();
  }

  void reset() {
    executions.set(0);
  }

  private <T> T wrap(Class<T> type, T target, boolean countsExecutions) {
    InvocationHandler handler = (proxy, method, arguments) -> {
      if (countsExecutions && method.getName().startsWith("execute")) {
        executions.incrementAndGet();
      }
      Object result;
      try {
        result = method.invoke(target, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof Connection connection && method.getName().equals("getConnection")) {
        return wrap(Connection.class, connection, false);
      }
      if (result instanceof PreparedStatement statement) {
        return wrap(PreparedStatement.class, statement, true);
      }
      if (result instanceof Statement statement) {
        return wrap(Statement.class, statement, true);
      }
      return result;
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
