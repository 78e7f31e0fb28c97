package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.StorageUnavailableException;
import dev.customers.domain.events.EventOutbox.Lease;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StorageUnavailableIT {

  @Test
  void an_unreachable_database_at_start_is_reported_with_its_url_but_never_a_password() throws IOException {
    int port = aPortNobodyListensOn();
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/customers?password=url-secret&connectTimeout=2";

    Throwable thrown = catchThrowable(() -> JdbiCustomerRepository.open(url, "shop", "argument-secret"));

    assertThat(thrown)
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("Cannot connect to the customer database at jdbc:postgresql://127.0.0.1:" + port
            + "/customers?password=***&connectTimeout=2 as user \"shop\"");
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      assertThat(String.valueOf(cause.getMessage())).doesNotContain("url-secret").doesNotContain("argument-secret");
    }
  }

  @Test
  void a_url_of_another_database_is_refused_without_quoting_its_password() {
    assertThatThrownBy(() -> JdbiCustomerRepository.open("jdbc:mysql://db/customers?password=s3cret", "shop", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unsupported database URL jdbc:mysql://db/customers?password=***")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void when_the_database_goes_away_every_method_throws_StorageUnavailable_and_isAvailable_says_no(
      @TempDir Path directory) throws Exception {
    try (StoppablePostgres postgres = StoppablePostgres.startedIn(directory);
        JdbiCustomerRepository repository =
            JdbiCustomerRepository.open(postgres.url(), postgres.user(), postgres.password())) {
      SaveResult before = repository.save(aCustomer().build());
      assertThat(before).isInstanceOf(SaveResult.Saved.class);
      CustomerId id = ((SaveResult.Saved) before).customer().id().orElseThrow();
      assertThat(repository.isAvailable()).isTrue();
      Instant now = Instant.now();
      Lease lease = new Lease(repository.eventsOf(id).get(0).event().eventId(), UUID.randomUUID());

      postgres.stop();

      Customer another = aCustomer().build();
      assertThatThrownBy(() -> repository.save(another)).isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(() -> repository.findById(id)).isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(() -> repository.emailTaken(another.email()))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageStartingWith("The customer database cannot be reached: ");
      assertThatThrownBy(() -> repository.claimDue(now, now.plusSeconds(60), 4))
          .isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(() -> repository.delivered(lease, now)).isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(() -> repository.retryAt(lease, now)).isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(() -> repository.failed(lease, now)).isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(() -> repository.prune(now, now, 10)).isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(() -> repository.eventsOf(id)).isInstanceOf(StorageUnavailableException.class);
      assertThat(repository.isAvailable()).isFalse();
    }
  }

  private static int aPortNobodyListensOn() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
