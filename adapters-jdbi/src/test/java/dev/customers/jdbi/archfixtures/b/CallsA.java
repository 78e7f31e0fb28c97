package dev.customers.jdbi.archfixtures.b;

import dev.customers.jdbi.archfixtures.a.CallsB;

/** With {@link CallsB}, two sub-packages of the adapter in a cycle: for ArchitectureViolationsTest. */
public final class CallsA {
  CallsB other;
}
