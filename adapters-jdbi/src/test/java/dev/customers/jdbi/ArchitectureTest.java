package dev.customers.jdbi;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.jdbi.v3.core.mapper.RowMapper;

@AnalyzeClasses(packages = "dev.customers", importOptions = ArchitectureTest.WithoutTests.class)
class ArchitectureTest {

  /** ArchUnit's DoNotIncludeTests knows target/test-classes only, not target-NAME/test-classes of -Dbuild.suffix. */
  static final class WithoutTests implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/");
    }
  }

  @ArchTest
  static final ArchRule the_jdbi_adapter_never_depends_on_the_http_adapter = noClasses()
      .that().resideInAPackage("dev.customers.jdbi..")
      .should().dependOnClassesThat().resideInAPackage("dev.customers.http..");

  @ArchTest
  static final ArchRule of_the_project_the_jdbi_adapter_depends_only_on_the_domain = noClasses()
      .that().resideInAPackage("dev.customers.jdbi..")
      .should().dependOnClassesThat(resideInAPackage("dev.customers..")
          .and(not(resideInAnyPackage("dev.customers.domain..", "dev.customers.jdbi.."))));

  @ArchTest
  static final ArchRule the_repository_is_the_only_public_class_of_the_jdbi_adapter = classes()
      .that().resideInAPackage("dev.customers.jdbi..").and().arePublic().and().areTopLevelClasses()
      // Flyway instantiates a Java migration only if it is public.
      .and().resideOutsideOfPackage("dev.customers.jdbi.migration..")
      .should().haveSimpleName("JdbiCustomerRepository").orShould().haveSimpleName("JdbiRateLimit");

  @ArchTest
  static final ArchRule daos_and_row_mappers_are_package_private = classes()
      .that().resideInAPackage("dev.customers.jdbi..")
      .and().haveSimpleNameEndingWith("Dao").or().implement(RowMapper.class)
      .should().notBePublic();
}
