package dev.customers.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.customers", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String ADAPTER = "dev.customers.http";
  private static final String COMPOSITION_ROOT = "dev.customers.http.server";
  private static final String[] STORAGE = {"dev.customers.jdbi..", "org.jdbi..", "org.flywaydb..", "com.zaxxer.."};

  @ArchTest
  static final ArchRule only_the_composition_root_sees_storage_and_http = noClasses()
      .that().resideInAnyPackage(ADAPTER + "..").and().resideOutsideOfPackage(COMPOSITION_ROOT)
      .should().dependOnClassesThat().resideInAnyPackage(STORAGE)
      .because("the adapter is embedded without JDBI; only the server wires the two");

  @ArchTest
  static final ArchRule the_adapter_does_not_depend_on_its_composition_root = noClasses()
      .that().resideInAPackage(ADAPTER)
      .should().dependOnClassesThat().resideInAPackage(COMPOSITION_ROOT);

  @ArchTest
  static final ArchRule the_domain_knows_neither_http_nor_storage = noClasses()
      .that().resideInAPackage("dev.customers.domain..")
      .should().dependOnClassesThat().resideInAnyPackage(ADAPTER + "..", "io.javalin..", "org.eclipse.jetty..",
          "jakarta.servlet..", "com.fasterxml.jackson..", "io.github.bucket4j..")
      .orShould().dependOnClassesThat().resideInAnyPackage(STORAGE);

  @ArchTest
  static final ArchRule the_adapter_shows_users_two_types = classes()
      .that().resideInAPackage(ADAPTER)
      .and().doNotHaveFullyQualifiedName(CustomersApi.class.getName())
      .and().doNotHaveFullyQualifiedName(ApiSettings.class.getName())
      .and().doNotHaveFullyQualifiedName(ApiSettings.Builder.class.getName())
      .and().doNotHaveFullyQualifiedName(ApiSettings.LogFormat.class.getName())
      .and().doNotHaveFullyQualifiedName(ApiSettings.SharedRateLimit.class.getName())
      .should().notBePublic();
}
