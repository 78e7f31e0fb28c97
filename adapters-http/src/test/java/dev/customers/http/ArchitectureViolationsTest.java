package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.customers.archfixtures.BackToHttp;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureTest} fails on a class that breaks it: the fixtures below and in the
 * {@code archfixtures} package live in test sources, which the real check leaves out, and are imported here alone.
 */
class ArchitectureViolationsTest {

  @Test
  void a_cycle_between_two_modules_is_found() {
    assertBroken(ArchitectureTest.modules_are_free_of_cycles, IntoAnotherModule.class, BackToHttp.class,
        CustomersApi.class);
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
}
