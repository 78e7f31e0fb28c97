package dev.customers.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The HTTP adapter's rules, and those between modules: every module is on this module's classpath.
 * {@link ArchitectureViolationsTest} shows each rule failing on a class that breaks it.
 */
@AnalyzeClasses(packages = "dev.customers", importOptions = ArchitectureTest.ProductionClassesOnly.class)
class ArchitectureTest {

  private static final String ADAPTER = "dev.customers.http";
  private static final String SERVER = "dev.customers.http.server";
  private static final String JDBI = "dev.customers.jdbi";
  private static final String[] STORAGE = {JDBI + "..", "org.jdbi..", "org.flywaydb..", "com.zaxxer.."};

  @ArchTest
  static final ArchRule modules_are_free_of_cycles = slices()
      .matching("dev.customers.(*)..")
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule the_jdbi_adapter_never_depends_on_the_http_adapter = noClasses()
      .that().resideInAPackage(JDBI + "..")
      .should().dependOnClassesThat().resideInAPackage(ADAPTER + "..");

  @ArchTest
  static final ArchRule the_http_adapter_outside_its_server_never_depends_on_storage = noClasses()
      .that().resideInAPackage(ADAPTER + "..").and().resideOutsideOfPackage(SERVER + "..")
      .should().dependOnClassesThat().resideInAnyPackage(STORAGE)
      .because("the adapter is embedded without JDBI; only the server wires the two");

  /** With the two rules above: the server is the one place that sees both adapters, the composition root. */
  @ArchTest
  static final ArchRule only_the_server_uses_the_jdbi_adapter = noClasses()
      .that().resideOutsideOfPackages(JDBI + "..", SERVER + "..")
      .should().dependOnClassesThat().resideInAPackage(JDBI + "..");

  @ArchTest
  static final ArchRule the_adapter_does_not_depend_on_its_composition_root = noClasses()
      .that().resideInAPackage(ADAPTER)
      .should().dependOnClassesThat().resideInAPackage(SERVER + "..");

  /** CustomersPlugin: the name kept for a Javalin plugin a host may install, should it become public. */
  @ArchTest
  static final ArchRule the_http_adapter_shows_users_only_customers_api_api_settings_and_customers_plugin = classes()
      .that().resideInAPackage(ADAPTER).and().arePublic().and().areTopLevelClasses()
      .should().haveSimpleName("CustomersApi")
      .orShould().haveSimpleName("ApiSettings")
      .orShould().haveSimpleName("CustomersPlugin");

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
