package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.customers.archfixtures.EmbedderSettingTheBodyLimit;
import dev.customers.archfixtures.KnowsBothAdapters;
import dev.customers.http.ApiSettings;
import dev.customers.jdbi.archfixtures.JdbiKnowingHttp;
import dev.customers.http.archfixtures.UsesJdbi;
import dev.customers.server.archfixtures.ServerOnlyCall;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureTest} fails on a class that breaks it: the fixtures below and in the
 * {@code archfixtures} packages live in test sources, which the real check leaves out, and are imported here alone.
 */
class ArchitectureViolationsTest {

  @Test
  void jdbi_code_that_knows_the_http_adapter_is_found() {
    assertBroken(ArchitectureTest.the_jdbi_adapter_never_depends_on_the_http_adapter, JdbiKnowingHttp.class);
  }

  @Test
  void http_code_using_jdbi_is_found() {
    assertBroken(ArchitectureTest.the_http_adapter_never_depends_on_storage, UsesJdbi.class);
  }

  @Test
  void code_outside_the_server_seeing_both_adapters_is_found() {
    assertBroken(ArchitectureTest.only_the_server_sees_both_adapters, KnowsBothAdapters.class);
  }

  @Test
  void adapter_code_that_knows_the_server_is_found() {
    assertBroken(ArchitectureTest.the_adapters_do_not_depend_on_the_server, UsesJdbi.KnowsTheServer.class);
  }

  @Test
  void a_public_member_only_the_server_uses_is_found() {
    EvaluationResult result = ArchitectureTest.the_server_uses_only_what_embedders_use.evaluate(
        new ClassFileImporter().importClasses(ServerOnlyCall.class, ApiSettings.class, ApiSettings.Builder.class));

    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains(ServerOnlyCall.class.getName(), ApiSettings.Builder.class.getName() + ".maxBodyBytes(int)");
  }

  @Test
  void the_same_member_used_by_an_embedder_too_is_fine() {
    EvaluationResult result = ArchitectureTest.the_server_uses_only_what_embedders_use.evaluate(
        new ClassFileImporter().importClasses(ServerOnlyCall.class, EmbedderSettingTheBodyLimit.class,
            ApiSettings.class, ApiSettings.Builder.class));

    assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
  }

  /** The rule fails on the given classes alone, and its report names each of them. */
  private static void assertBroken(ArchRule rule, Class<?>... culprits) {
    EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(culprits));

    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertThat(report).contains(Arrays.stream(culprits).map(Class::getName).toList());
  }
}
