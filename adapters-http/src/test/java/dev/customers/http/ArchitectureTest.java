package dev.customers.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The HTTP adapter's rules. Those between the adapters and the server (the adapter never depends on storage, only
 * the server sees both adapters) are checked in the server module, where every module is on the classpath; this
 * module's main code cannot even compile against the JDBI adapter, which is no dependency of it.
 * {@link ArchitectureViolationsTest} shows each rule failing on a class that breaks it.
 */
@AnalyzeClasses(packages = "dev.customers", importOptions = ArchitectureTest.ProductionClassesOnly.class)
class ArchitectureTest {

  private static final String ADAPTER = "dev.customers.http";

  @ArchTest
  static final ArchRule modules_are_free_of_cycles = slices()
      .matching("dev.customers.(*)..")
      .should().beFreeOfCycles();

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
