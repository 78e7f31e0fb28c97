package dev.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.customers.domain.archfixtures.BackToTheRoot;
import dev.customers.domain.events.EventRelay;
import java.sql.Connection;
import java.util.Arrays;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureTest} fails on a class that breaks it: the fixtures below live in test sources,
 * which the real check leaves out, and are imported here alone.
 */
class ArchitectureViolationsTest {

  @Test
  void a_domain_class_using_a_test_library_breaks_the_dependency_allowlist() {
    assertBroken(ArchitectureTest.domain_depends_only_on_the_jdk_and_value_libraries, UsesAssertJ.class);
  }

  @Test
  void a_domain_class_holding_a_jdbc_connection_breaks_the_no_sql_rule() {
    assertBroken(ArchitectureTest.domain_uses_no_sql_or_http_from_the_jdk, HoldsAConnection.class);
  }

  @Test
  void a_creation_class_holding_the_event_relay_breaks_the_split() {
    assertBroken(ArchitectureTest.creation_does_not_depend_on_the_event_runtime, KnowsTheEventRelay.class);
  }

  @Test
  void a_cycle_through_the_root_package_is_found() {
    assertBroken(ArchitectureTest.the_domain_packages_are_free_of_cycles, IntoASubpackage.class,
        BackToTheRoot.class, Customer.class);
  }

  @Test
  void a_public_rules_class_and_a_public_helper_break_the_visibility_rule() {
    assertBroken(ArchitectureTest.rules_and_helpers_are_not_public, LeakedRules.class, Emails.class);
  }

  /** The rule fails on the given classes alone, and its report names each of them. */
  private static void assertBroken(ArchRule rule, Class<?>... culprits) {
    EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(culprits));

    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertThat(report).contains(Arrays.stream(culprits).map(Class::getName).toList());
  }

  static final class UsesAssertJ {
    Condition<String> condition;
  }

  static final class HoldsAConnection {
    Connection connection;
  }

  static final class KnowsTheEventRelay {
    EventRelay relay;
  }

  /** The other half of the cycle is {@link BackToTheRoot}, which holds a {@link Customer}. */
  static final class IntoASubpackage {
    BackToTheRoot subpackage;
  }

  public static final class LeakedRules {
  }

  /** Named as the real helper; nested, so it is another class. */
  public static final class Emails {
  }
}
