package dev.customers.jdbi;

/** A public type of the JDBI adapter besides its API: breaks a rule on purpose, for ArchitectureViolationsTest. */
public final class PublicJdbiHelper {
}
