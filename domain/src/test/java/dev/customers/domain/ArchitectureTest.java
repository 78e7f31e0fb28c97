package dev.customers.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.customers", importOptions = ArchitectureTest.ProductionClassesOnly.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule domain_depends_only_on_the_jdk_and_value_libraries = classes()
      .that().resideInAPackage("dev.customers.domain..")
      .should().onlyDependOnClassesThat().resideInAnyPackage(
          "dev.customers.domain..",
          "java..",
          "org.immutables..",
          "com.sanctionco.jmail..",
          "com.google.i18n.phonenumbers..");

  /** The rule above lets in all of java..; the JDK's own SQL and HTTP clients belong to adapters all the same. */
  @ArchTest
  static final ArchRule domain_uses_no_sql_or_http_from_the_jdk = noClasses()
      .that().resideInAPackage("dev.customers.domain..")
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "java.net.http..");

  @ArchTest
  static final ArchRule modules_are_free_of_cycles = slices()
      .matching("dev.customers.(*)..")
      .should().beFreeOfCycles();

  /**
   * ArchUnit's own {@code DoNotIncludeTests} knows {@code target/test-classes} only, and builds here may write to
   * {@code target-<suffix>/test-classes}.
   */
  static final class ProductionClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/");
    }
  }
}
