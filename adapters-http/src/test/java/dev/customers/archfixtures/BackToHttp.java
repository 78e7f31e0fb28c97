package dev.customers.archfixtures;

import dev.customers.http.CustomersApi;

/** Half of a cycle between modules, for ArchitectureViolationsTest. */
public final class BackToHttp {

  CustomersApi api;
}
