package dev.customers.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.customers.spring.archfixtures.KnowsTheDriver;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link ArchitectureTest} fails on a class that breaks it, in test sources, which the real check leaves
 * out.
 */
class ArchitectureViolationsTest {

  @Test
  void a_class_that_knows_a_database_driver_breaks_the_rule() {
    EvaluationResult result = ArchitectureTest
        .the_auto_configuration_uses_the_domain_the_jdbi_adapter_spring_and_micrometer_only
        .evaluate(new ClassFileImporter().importClasses(KnowsTheDriver.class));

    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails())).contains(KnowsTheDriver.class.getName());
  }
}
