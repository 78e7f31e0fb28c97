package dev.customers.jdbi.archfixtures;

import dev.customers.http.CustomersApi;

/** JDBI adapter code that knows the HTTP adapter: breaks a rule on purpose, for ArchitectureViolationsTest. */
public final class JdbiKnowingHttp {

  CustomersApi api;
}
