package dev.customers.jdbi.archfixtures.a;

import dev.customers.jdbi.archfixtures.b.CallsA;

/** With {@link CallsA}, two sub-packages of the adapter in a cycle: for ArchitectureViolationsTest. */
public final class CallsB {
  CallsA other;
}
