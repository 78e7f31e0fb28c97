package dev.customers.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Micrometer is optional: the pool's metrics when a registry is given, and no Micrometer needed otherwise. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PoolMetricsTest {

  @Test
  void the_pool_reports_its_connections_to_the_registry_it_is_given() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.WithPoolMetrics.open(inMemory(), "sa", "",
        Durability.PROCESS_CRASH, registry)) {
      assertThat(repository.emailTaken("jane@example.com")).isFalse();
      assertThat(registry.find("hikaricp.connections").tag("pool", "customers").gauge()).isNotNull();
    }
  }

  @Test
  void without_micrometer_on_the_class_path_the_repository_opens_reads_and_bears_reflection() throws Exception {
    try (URLClassLoader withoutMicrometer = new URLClassLoader(classPathWithoutMicrometer(),
        ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> withoutMicrometer.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);
      // DriverManager hands a driver only to classes of the loader that registered it.
      Class.forName("org.h2.Driver", true, withoutMicrometer);
      Class<?> repositoryClass = withoutMicrometer.loadClass(JdbiCustomerRepository.class.getName());
      // What Spring does with a bean's class; it would fail if a method of the class named a Micrometer type.
      assertThat(repositoryClass.getDeclaredMethods()).isNotEmpty();

      Object repository = repositoryClass.getMethod("open", String.class, String.class, String.class)
          .invoke(null, inMemory(), "sa", "");
      try {
        assertThat(repositoryClass.getMethod("emailTaken", String.class).invoke(repository, "jane@example.com"))
            .isEqualTo(false);
      } finally {
        ((AutoCloseable) repository).close();
      }
    }
  }

  private static String inMemory() {
    return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  private static URL[] classPathWithoutMicrometer() throws MalformedURLException {
    // Surefire starts tests from a jar that only names the class path; it passes the real one in this property.
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.contains("micrometer")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return urls.toArray(URL[]::new);
  }
}
