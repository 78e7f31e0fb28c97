package dev.customers.domain;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** The domain's rules; {@link ArchitectureViolationsTest} shows each of them failing on a class that breaks it. */
@AnalyzeClasses(packages = "dev.customers", importOptions = ArchitectureTest.ProductionClassesOnly.class)
class ArchitectureTest {

  private static final String DOMAIN = "dev.customers.domain";
  private static final String CREATION = DOMAIN;
  private static final String EVENT_RUNTIME = "dev.customers.domain.events";

  @ArchTest
  static final ArchRule domain_depends_only_on_the_jdk_and_value_libraries = classes()
      .that().resideInAPackage(DOMAIN + "..")
      .should().onlyDependOnClassesThat().resideInAnyPackage(
          DOMAIN + "..",
          "java..",
          "org.immutables..",
          "com.sanctionco.jmail..",
          "com.google.i18n.phonenumbers..");

  /** The rule above lets in all of java..; the JDK's own SQL and HTTP clients belong to adapters all the same. */
  @ArchTest
  static final ArchRule domain_uses_no_sql_or_http_from_the_jdk = noClasses()
      .that().resideInAPackage(DOMAIN + "..")
      .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "java.net.http..");

  /** An embedder who only creates customers never needs the event runtime; the runtime builds on creation. */
  @ArchTest
  static final ArchRule creation_does_not_depend_on_the_event_runtime = noClasses()
      .that().resideInAPackage(CREATION)
      .should().dependOnClassesThat().resideInAPackage(EVENT_RUNTIME + "..");

  @ArchTest
  static final ArchRule the_domain_packages_are_free_of_cycles = slices()
      .assignedFrom(ArchitectureTest.eachDomainPackage())
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule rules_and_helpers_are_not_public = classes()
      .that().resideInAPackage(DOMAIN + "..").and(rulesAndHelpers())
      .should().notBePublic();

  /**
   * One slice per package, the root {@code dev.customers.domain} included: a pattern such as
   * {@code dev.customers.domain.(**)} matches subpackages only, and would miss a cycle through the root.
   */
  static SliceAssignment eachDomainPackage() {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        return name.equals(DOMAIN) || name.startsWith(DOMAIN + ".")
            ? SliceIdentifier.of(name)
            : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "each package of the domain";
      }
    };
  }

  private static DescribedPredicate<JavaClass> rulesAndHelpers() {
    return simpleNameEndingWith("Rules")
        .or(simpleName("Messages")).or(simpleName("Violations")).or(simpleName("PythonValues"))
        .or(simpleName("Countries")).or(simpleName("Emails")).or(simpleName("PhoneNumbers"))
        .or(simpleName("RequestFingerprint")).or(simpleName("EventDelivery"))
        .as("are rules or their helpers");
  }

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
