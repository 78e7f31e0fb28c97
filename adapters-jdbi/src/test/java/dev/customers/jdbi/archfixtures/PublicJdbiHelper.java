package dev.customers.jdbi.archfixtures;

/** A public type of the JDBI adapter besides its two: breaks a rule on purpose, for ArchitectureViolationsTest. */
public final class PublicJdbiHelper {
}
