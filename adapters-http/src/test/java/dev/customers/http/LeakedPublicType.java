package dev.customers.http;

/** A public type of the HTTP adapter beyond its list: breaks a rule on purpose, for ArchitectureViolationsTest. */
public final class LeakedPublicType {
}
