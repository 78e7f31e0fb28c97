package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.customers.archfixtures.BackToHttp;
import dev.customers.archfixtures.KnowsTheJdbiRepository;
import dev.customers.http.server.CustomersServer;
import dev.customers.jdbi.archfixtures.JdbiKnowingHttp;
import java.util.Arrays;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureTest} fails on a class that breaks it: the fixtures below and in the
 * {@code archfixtures} packages live in test sources, which the real check leaves out, and are imported here alone.
 */
class ArchitectureViolationsTest {

  @Test
  void a_cycle_between_two_modules_is_found() {
    assertBroken(ArchitectureTest.modules_are_free_of_cycles, IntoAnotherModule.class, BackToHttp.class,
        CustomersApi.class);
  }

  @Test
  void jdbi_code_that_knows_the_http_adapter_is_found() {
    assertBroken(ArchitectureTest.the_jdbi_adapter_never_depends_on_the_http_adapter, JdbiKnowingHttp.class);
  }

  @Test
  void http_code_outside_the_server_using_jdbi_is_found() {
    assertBroken(ArchitectureTest.the_http_adapter_outside_its_server_never_depends_on_storage, UsesJdbi.class);
  }

  @Test
  void code_outside_the_server_using_the_jdbi_adapter_is_found() {
    assertBroken(ArchitectureTest.only_the_server_uses_the_jdbi_adapter, KnowsTheJdbiRepository.class);
  }

  @Test
  void adapter_code_that_knows_the_server_is_found() {
    assertBroken(ArchitectureTest.the_adapter_does_not_depend_on_its_composition_root, KnowsTheServer.class);
  }

  @Test
  void a_public_type_beyond_the_list_is_found() {
    assertBroken(ArchitectureTest.the_http_adapter_shows_users_only_customers_api_api_settings_and_customers_plugin,
        LeakedPublicType.class);
  }

  /** The rule fails on the given classes alone, and its report names each of them. */
  private static void assertBroken(ArchRule rule, Class<?>... culprits) {
    EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(culprits));

    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertThat(report).contains(Arrays.stream(culprits).map(Class::getName).toList());
  }

  /** The other half of the cycle is {@link BackToHttp}, which holds a {@link CustomersApi}. */
  static final class IntoAnotherModule {
    BackToHttp otherModule;
  }

  static final class UsesJdbi {
    Jdbi jdbi;
  }

  static final class KnowsTheServer {
    CustomersServer server;
  }
}
