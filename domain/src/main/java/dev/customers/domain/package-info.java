/**
 * The customer-creation core: values, the {@link dev.customers.domain.CreateCustomer} use case with every field
 * rule, and the {@link dev.customers.domain.CustomerRepository} port. Depends only on the JDK, Immutables
 * (annotations) and the validation libraries the rules use.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    defaults = @Value.Immutable(copy = true))
package dev.customers.domain;

import org.immutables.value.Value;
