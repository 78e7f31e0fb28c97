package dev.customers.archfixtures;

import dev.customers.jdbi.JdbiCustomerRepository;

/** Code outside the server that uses the JDBI adapter: breaks a rule on purpose, for ArchitectureViolationsTest. */
public final class KnowsTheJdbiRepository {

  JdbiCustomerRepository repository;
}
