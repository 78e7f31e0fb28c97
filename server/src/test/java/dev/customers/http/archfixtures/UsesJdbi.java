package dev.customers.http.archfixtures;

import dev.customers.server.CustomersServer;
import org.jdbi.v3.core.Jdbi;

/** HTTP adapter code that uses JDBI, and knows the server: breaks rules on purpose, for ArchitectureViolationsTest. */
public final class UsesJdbi {

  Jdbi jdbi;

  /** Adapter code that knows its composition root. */
  public static final class KnowsTheServer {
    CustomersServer server;
  }
}
