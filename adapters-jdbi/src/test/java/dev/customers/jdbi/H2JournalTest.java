package dev.customers.jdbi;

import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.events.CustomerCreated;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal of an H2 file: its records, and what opening a database with a journal left behind writes again. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class H2JournalTest {

  @TempDir
  Path directory;

  @Test
  void records_come_back_in_order_across_both_files_and_a_record_cut_short_ends_its_file() throws Exception {
    Path database = directory.resolve("customers.mv.db");
    try (H2Journal journal = H2Journal.open(database, false).orElseThrow()) {
      journal.append(new byte[] {1});
      journal.switchFiles();
      journal.append(new byte[] {2, 2});
      journal.switchFiles();
      journal.append(new byte[] {3, 3, 3});
    }
    // A write cut off by a kill: a header that promises more than the file holds.
    Files.write(H2Journal.file(database, 0), new byte[] {0, 0, 0, 9, 1, 2, 3, 4, 5}, StandardOpenOption.APPEND);

    try (H2Journal journal = H2Journal.open(database, false).orElseThrow()) {
      assertThat(journal.recorded()).extracting(entry -> entry.payload().length).containsExactly(1, 2, 3);
      assertThat(journal.recorded()).extracting(H2Journal.Entry::sequence).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void a_record_whose_check_fails_is_not_read() throws Exception {
    Path database = directory.resolve("customers.mv.db");
    try (H2Journal journal = H2Journal.open(database, false).orElseThrow()) {
      journal.append(new byte[] {1, 2, 3});
      journal.append(new byte[] {4, 5, 6});
    }
    byte[] bytes = Files.readAllBytes(H2Journal.file(database, 0));
    bytes[bytes.length - 1] ^= 1;
    Files.write(H2Journal.file(database, 0), bytes);

    try (H2Journal journal = H2Journal.open(database, false).orElseThrow()) {
      assertThat(journal.recorded()).extracting(entry -> entry.payload()[0]).containsExactly((byte) 1);
    }
  }

  @Test
  void a_second_journal_on_the_same_database_gets_none() throws Exception {
    Path database = directory.resolve("customers.mv.db");
    try (H2Journal journal = H2Journal.open(database, false).orElseThrow()) {
      assertThat(H2Journal.open(database, false)).isEmpty();
    }
    assertThat(H2Journal.open(database, false)).isPresent().get().satisfies(H2Journal::close);
  }

  @Test
  void the_journal_goes_beside_a_file_on_the_disk_only() throws Exception {
    Path file = directory.resolve("customers.mv.db");
    assertThat(H2FileCommits.journalFile(file.toString())).contains(file);
    assertThat(H2FileCommits.journalFile("nio:" + file)).contains(file);
    assertThat(H2FileCommits.journalFile("async:file:" + file)).contains(file);
    assertThat(H2FileCommits.journalFile("memFS:customers.mv.db")).isEmpty();
    assertThat(H2FileCommits.journalFile("split:" + file)).isEmpty();
  }

  /** An encrypted file gets no journal: it would keep in plain text what the cipher hides. Each batch is stored. */
  @Test
  void an_encrypted_file_has_no_journal_and_keeps_its_saves() throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("secret") + ";CIPHER=AES";
    Customer stored;
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "filepassword userpassword")) {
      stored = saved(repository.save(aCustomer().email("secret@example.com").build()));
    }
    assertThat(Files.exists(H2Journal.file(directory.resolve("secret.mv.db"), 0))).isFalse();
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "filepassword userpassword")) {
      assertThat(repository.findById(stored.id().orElseThrow())).contains(stored);
    }
  }

  @Test
  void a_save_encoded_is_decoded_the_same() {
    JournaledSave save = lostSave(41, 7, "enc@example.com");

    assertThat(JournaledSave.decode(JournaledSave.encode(List.of(save, save)))).containsExactly(save, save);
  }

  /**
   * What a process killed after answering saves leaves behind: a file without them, a journal with them. Opening
   * the database writes them again with their ids, event and key, and later saves get ids after theirs.
   */
  @Test
  void saves_the_file_lost_are_written_again_from_the_journal_when_the_database_opens() throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("customers");
    Customer first;
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "")) {
      first = saved(repository.save(aCustomer().email("first@example.com").build()));
    }
    long firstId = first.id().orElseThrow().value();
    long firstAddressId = first.addresses().isEmpty() ? 0 : first.addresses().get(0).id().orElseThrow().value();
    JournaledSave lost = lostSave(firstId + 1, firstAddressId + 1, "lost@example.com");
    try (H2Journal journal = H2Journal.open(directory.resolve("customers.mv.db"), false).orElseThrow()) {
      journal.append(JournaledSave.encode(List.of(lost)));
      // The same save again, as a checkpoint that stored it and died before emptying its file leaves it.
      journal.switchFiles();
      journal.append(JournaledSave.encode(List.of(lost)));
    }

    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "")) {
      Customer read = repository.findById(CustomerId.of(firstId + 1)).orElseThrow();
      assertThat(read).isEqualTo(lost.customer());
      assertThat(repository.eventsOf(read.id().orElseThrow())).singleElement()
          .satisfies(event -> assertThat(event.event()).isEqualTo(lost.event()));
      assertThat(repository.save(aCustomer().email("lost-again@example.com").build(), lost.request()))
          .isInstanceOf(SaveResult.Replayed.class);
      Customer next = saved(repository.save(aCustomer().email("next@example.com").build()));
      assertThat(next.id().orElseThrow().value()).isGreaterThan(firstId + 1);
    }
    assertThat(Files.size(H2Journal.file(directory.resolve("customers.mv.db"), 0))).isZero();
    assertThat(Files.size(H2Journal.file(directory.resolve("customers.mv.db"), 1))).isZero();
  }

  /**
   * A store that ran while a batch committed may have taken part of a save: here its customer's row and its key's
   * claim, not its address, its event or the key's customer. Opening the database writes the missing parts.
   */
  @Test
  void the_parts_of_a_save_the_file_lost_are_written_again_beside_those_it_kept() throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("customers");
    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "")) {
      saved(repository.save(aCustomer().email("first@example.com").build()));
    }
    JournaledSave lost = lostSave(100, 200, "partly@example.com");
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      new CreateStatements(Dialect.H2, TestDatabases.OURS).customerWithId(connection, lost.customer());
      new KeyStatements(TestDatabases.OURS).claim(connection, lost.request());
    }
    try (H2Journal journal = H2Journal.open(directory.resolve("customers.mv.db"), false).orElseThrow()) {
      journal.append(JournaledSave.encode(List.of(lost)));
    }

    try (JdbiCustomerRepository repository = JdbiCustomerRepository.open(url, "sa", "")) {
      assertThat(repository.findById(CustomerId.of(100))).contains(lost.customer());
      assertThat(repository.eventsOf(CustomerId.of(100))).singleElement()
          .satisfies(event -> assertThat(event.event()).isEqualTo(lost.event()));
      assertThat(repository.save(aCustomer().email("partly-again@example.com").build(), lost.request()))
          .isInstanceOfSatisfying(SaveResult.Replayed.class,
              replayed -> assertThat(replayed.customer()).isEqualTo(lost.customer()));
      Customer next = saved(repository.save(aCustomer().email("next@example.com")
          .addAddresses(Address.builder().country("DE").line1("Weg 2").line4("Bonn").build()).build()));
      assertThat(next.id().orElseThrow().value()).isGreaterThan(100);
      assertThat(next.addresses().get(0).id().orElseThrow().value()).isGreaterThan(200);
    }
  }

  private static JournaledSave lostSave(long id, long addressId, String email) {
    Instant joined = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Customer customer = aCustomer().email(email).addTags("journaled")
        .addAddresses(Address.builder().country("DE").line1("Hauptstr. 1").line4("Berlin").build())
        .dateJoined(joined).build();
    Customer stored = customer.withId(CustomerId.of(id))
        .withAddresses(List.of(customer.addresses().get(0).withId(AddressId.of(addressId))));
    KeyedRequest request = new KeyedRequest(new IdempotencyKey("owner-hash", "key-" + id), "fingerprint-" + id,
        joined, joined.plus(Duration.ofHours(24)));
    return new JournaledSave(stored, CustomerCreated.of(stored), request);
  }

  private static Customer saved(SaveResult result) {
    assertThat(result).isInstanceOf(SaveResult.Saved.class);
    return ((SaveResult.Saved) result).customer();
  }
}
