package dev.customers.spring.autoconfigure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The auto-configuration wires what embedders call (the domain, the JDBI adapter's public types) into Spring: it
 * knows no database driver, SQL or HTTP of its own. {@link ArchitectureViolationsTest} shows the rule failing.
 */
@AnalyzeClasses(packages = "dev.customers.spring", importOptions = ArchitectureTest.ProductionClassesOnly.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule the_auto_configuration_uses_the_domain_the_jdbi_adapter_spring_and_micrometer_only = classes()
      .that().resideInAPackage("dev.customers.spring..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.sql..", "dev.customers.domain..",
          "dev.customers.jdbi..", "dev.customers.spring..", "org.springframework..", "io.micrometer..",
          "com.zaxxer.hikari");

  /**
   * Leaves out test classes. ArchUnit's own {@code DoNotIncludeTests} knows {@code target/test-classes} only, and
   * builds here may write to {@code target-<suffix>/test-classes} ({@code -Dbuild.suffix}).
   */
  static final class ProductionClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
  }
}
