package dev.customers.spring.archfixtures;

import org.h2.jdbc.JdbcConnection;

/** Breaks the rule: configuration that reaches into a database driver. */
public final class KnowsTheDriver {

  public boolean isH2(Object connection) {
    return connection instanceof JdbcConnection;
  }
}
