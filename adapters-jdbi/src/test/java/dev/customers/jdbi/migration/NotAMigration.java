package dev.customers.jdbi.migration;

/**
 * A public class beside the migrations that is none: breaks a rule on purpose, for ArchitectureViolationsTest. Flyway
 * never sees it: it reads the migrations from subfolders of this package only.
 */
public final class NotAMigration {
}
