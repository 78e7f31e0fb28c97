package dev.customers.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The rules between the adapters and their composition root, checked here, where every module is on the classpath:
 * the project's modules, and (test scope) the Spring Boot auto-configuration and the embedding examples, the code
 * that uses the adapters as an embedder does. {@link ArchitectureViolationsTest} shows each rule failing on a class
 * that breaks it.
 */
@AnalyzeClasses(packages = "dev.customers", importOptions = ArchitectureTest.ProductionClassesOnly.class)
class ArchitectureTest {

  private static final String HTTP = "dev.customers.http";
  private static final String JDBI = "dev.customers.jdbi";
  private static final String SERVER = "dev.customers.server";
  private static final String EXAMPLES = "dev.customers.examples";
  private static final String[] STORAGE = {JDBI + "..", "org.jdbi..", "org.flywaydb..", "com.zaxxer.."};

  @ArchTest
  static final ArchRule the_jdbi_adapter_never_depends_on_the_http_adapter = noClasses()
      .that().resideInAPackage(JDBI + "..")
      .should().dependOnClassesThat().resideInAPackage(HTTP + "..");

  @ArchTest
  static final ArchRule the_http_adapter_never_depends_on_storage = noClasses()
      .that().resideInAPackage(HTTP + "..")
      .should().dependOnClassesThat().resideInAnyPackage(STORAGE)
      .because("the adapter is embedded without JDBI; only the server wires the two");

  /**
   * The server is the one place of the project that sees both adapters, the composition root. (An embedder may wire
   * them too, as the Javalin host example does.)
   */
  @ArchTest
  static final ArchRule only_the_server_sees_both_adapters = noClasses()
      .that().resideOutsideOfPackages(SERVER + "..", EXAMPLES + "..")
      .and(dependOnTheJdbiAdapter())
      .should().dependOnClassesThat().resideInAnyPackage(HTTP + "..", "io.javalin..");

  @ArchTest
  static final ArchRule the_adapters_do_not_depend_on_the_server = noClasses()
      .that().resideInAnyPackage(HTTP + "..", JDBI + "..")
      .should().dependOnClassesThat().resideInAPackage(SERVER + "..");

  /**
   * The adapters have no public member for the server alone: whatever public method, constructor or field of theirs
   * the server uses, code outside the server uses too (the adapters' own code, the auto-configuration or an
   * embedding example). A member the server alone needs is the server's to implement, or package-private. (Constants
   * the compiler inlines leave no access behind, so they are not seen.)
   */
  @ArchTest
  static final ArchRule the_server_uses_only_what_embedders_use = classes()
      .that().resideInAPackage(SERVER + "..")
      .should(useOnlyAdapterMembersOthersUse());

  private static DescribedPredicate<JavaClass> dependOnTheJdbiAdapter() {
    return DescribedPredicate.describe("depend on the JDBI adapter", type -> type.getDirectDependenciesFromSelf()
        .stream().anyMatch(dependency -> inPackage(dependency.getTargetClass(), JDBI)));
  }

  private static ArchCondition<JavaClass> useOnlyAdapterMembersOthersUse() {
    return new ArchCondition<>("use only public members of the adapters that code outside the server uses too") {
      @Override
      public void check(JavaClass server, ConditionEvents events) {
        for (JavaAccess<?> access : server.getAccessesFromSelf()) {
          Optional<? extends JavaMember> resolved = access.getTarget().resolveMember();
          if (resolved.isEmpty()) {
            continue;
          }
          JavaMember member = resolved.get();
          JavaClass owner = member.getOwner();
          if (!(inPackage(owner, HTTP) || inPackage(owner, JDBI))
              || !member.getModifiers().contains(JavaModifier.PUBLIC)) {
            continue;
          }
          if (!usedOutsideTheServer(member)) {
            events.add(SimpleConditionEvent.violated(access, member.getFullName() + " is used by the server alone: "
                + access.getDescription()));
          }
        }
      }
    };
  }

  /**
   * Whether code outside the server accesses {@code member}, or the method of a supertype it implements (the
   * domain calls {@code CustomerRepository.save}, which the JDBI repository implements).
   */
  private static boolean usedOutsideTheServer(JavaMember member) {
    List<JavaMember> members = new ArrayList<>(List.of(member));
    if (member instanceof JavaMethod method) {
      String[] parameters = method.getRawParameterTypes().stream().map(JavaClass::getName).toArray(String[]::new);
      Stream.concat(member.getOwner().getAllRawSuperclasses().stream(),
              member.getOwner().getAllRawInterfaces().stream())
          .forEach(type -> type.tryGetMethod(method.getName(), parameters).ifPresent(members::add));
    }
    return members.stream().flatMap(each -> each.getAccessesToSelf().stream())
        .anyMatch(access -> !inPackage(access.getOriginOwner(), SERVER));
  }

  private static boolean inPackage(JavaClass type, String root) {
    String name = type.getPackageName();
    return name.equals(root) || name.startsWith(root + ".");
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
