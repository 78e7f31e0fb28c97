package dev.customers.archfixtures;

import dev.customers.http.CustomersApi;
import dev.customers.jdbi.JdbiCustomerRepository;

/** Code outside the server that wires both adapters: breaks a rule on purpose, for ArchitectureViolationsTest. */
public final class KnowsBothAdapters {

  JdbiCustomerRepository repository;
  CustomersApi api;
}
