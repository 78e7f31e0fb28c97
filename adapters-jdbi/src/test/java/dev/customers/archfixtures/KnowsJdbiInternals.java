package dev.customers.archfixtures;

import dev.customers.jdbi.batch.Batcher;

/** Code outside the adapter that names its group commit: breaks a rule on purpose, for ArchitectureViolationsTest. */
public final class KnowsJdbiInternals {
  Batcher<String, String> batcher;
}
