package dev.customers.domain.archfixtures;

import dev.customers.domain.Customer;

/** Half of a package cycle through the domain's root package, for ArchitectureViolationsTest. */
public final class BackToTheRoot {

  Customer root;
}
