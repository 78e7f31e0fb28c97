package dev.customers.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.customers.archfixtures.KnowsJdbiInternals;
import dev.customers.jdbi.archfixtures.a.CallsB;
import dev.customers.jdbi.archfixtures.b.CallsA;
import dev.customers.jdbi.migration.NotAMigration;
import dev.customers.testkit.FixedClock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureTest} fails on a class that breaks it: the fixtures below live in test sources,
 * which the real check leaves out, and are imported here alone.
 */
class ArchitectureViolationsTest {

  @Test
  void an_adapter_class_using_the_test_kit_breaks_the_domain_only_rule() {
    assertBroken(ArchitectureTest.of_the_project_the_jdbi_adapter_depends_only_on_the_domain, KnowsTheTestKit.class);
  }

  @Test
  void another_public_type_beside_the_api_breaks_the_list_of_what_users_see() {
    assertBroken(ArchitectureTest.the_jdbi_adapter_shows_users_only_its_repository_rate_limit_and_database_kind,
        PublicJdbiHelper.class);
  }

  @Test
  void a_class_outside_the_adapter_using_its_group_commit_is_found() {
    assertBroken(ArchitectureTest.nothing_outside_the_jdbi_adapter_uses_its_internal_packages,
        KnowsJdbiInternals.class);
  }

  @Test
  void two_packages_of_the_adapter_that_use_each_other_are_found() {
    assertBroken(ArchitectureTest.the_packages_inside_the_jdbi_adapter_form_no_cycles, CallsA.class, CallsB.class);
  }

  @Test
  void a_public_class_beside_the_migrations_that_is_none_is_found() {
    assertBroken(ArchitectureTest.public_classes_of_the_migration_package_are_flyway_migrations,
        NotAMigration.class);
  }

  @Test
  void a_public_dao_row_reader_or_statements_class_is_found() {
    assertBroken(ArchitectureTest.daos_row_readers_and_statements_are_package_private,
        LeakedDao.class, LeakedRows.class, LeakedStatements.class);
  }

  /** The rule fails on the given classes alone, and its report names each of them. */
  private static void assertBroken(ArchRule rule, Class<?>... culprits) {
    EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(culprits));

    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertThat(report).contains(Arrays.stream(culprits).map(Class::getName).toList());
  }

  static final class KnowsTheTestKit {
    FixedClock clock;
  }

  public interface LeakedDao {
  }

  public static final class LeakedRows {
  }

  public static final class LeakedStatements {
  }
}
