package dev.customers.jdbi;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.flywaydb.core.api.migration.BaseJavaMigration;

/**
 * The JDBI adapter's rules; {@link ArchitectureViolationsTest} shows each of them failing on a class that breaks it.
 * That it never depends on the HTTP adapter is checked in the server module, where both are on the classpath.
 */
@AnalyzeClasses(packages = "dev.customers", importOptions = ArchitectureTest.ProductionClassesOnly.class)
class ArchitectureTest {

  private static final String ADAPTER = "dev.customers.jdbi";
  private static final String MIGRATIONS = "dev.customers.jdbi.migration";
  /** What only the adapter itself uses; public where one of its packages needs it from another. */
  private static final String[] INTERNALS = {"dev.customers.jdbi.batch..", "dev.customers.jdbi.h2..", MIGRATIONS + ".."};

  @ArchTest
  static final ArchRule of_the_project_the_jdbi_adapter_depends_only_on_the_domain = noClasses()
      .that().resideInAPackage(ADAPTER + "..")
      .should().dependOnClassesThat(resideInAPackage("dev.customers..")
          .and(not(resideInAnyPackage("dev.customers.domain..", ADAPTER + ".."))));

  @ArchTest
  static final ArchRule the_jdbi_adapter_shows_users_only_its_repository_rate_limit_and_database_kind = classes()
      .that().resideInAPackage(ADAPTER).and().arePublic().and().areTopLevelClasses()
      .should().haveSimpleName("JdbiCustomerRepository").orShould().haveSimpleName("JdbiRateLimit")
      .orShould().haveSimpleName("DatabaseKind");

  @ArchTest
  static final ArchRule nothing_outside_the_jdbi_adapter_uses_its_internal_packages = noClasses()
      .that().resideOutsideOfPackage(ADAPTER + "..")
      .should().dependOnClassesThat().resideInAnyPackage(INTERNALS);

  @ArchTest
  static final ArchRule the_packages_inside_the_jdbi_adapter_form_no_cycles = slices()
      .matching(ADAPTER + ".(**)").should().beFreeOfCycles();

  /**
   * Flyway creates Java migrations by reflection, so they are public; nothing else in their package may be. A release
   * whose migrations are all SQL has no public class there, hence the empty case is allowed.
   */
  @ArchTest
  static final ArchRule public_classes_of_the_migration_package_are_flyway_migrations = classes()
      .that().resideInAPackage(MIGRATIONS + "..").and().arePublic()
      .should().beAssignableTo(BaseJavaMigration.class)
      .allowEmptyShould(true);

  @ArchTest
  static final ArchRule daos_row_readers_and_statements_are_package_private = classes()
      .that().resideInAPackage(ADAPTER + "..")
      .and(simpleNameEndingWith("Dao").or(simpleNameEndingWith("Rows")).or(simpleNameEndingWith("Statements"))
          .as("are DAOs, row readers or statements"))
      .should().notBePublic();

  /**
   * Leaves out test classes: those of this module and a sibling's test jar. ArchUnit's own {@code DoNotIncludeTests}
   * knows {@code target/test-classes} only, and builds here may write to {@code target-<suffix>/test-classes}. It also
   * keeps the fixtures that break these rules on purpose ({@link ArchitectureViolationsTest}) out of the real check.
   */
  static final class ProductionClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
  }
}
