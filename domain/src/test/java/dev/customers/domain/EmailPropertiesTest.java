package dev.customers.domain;

import static dev.customers.domain.Requests.CLOCK;
import static dev.customers.domain.Requests.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of the email normalisation, over random valid addresses. */
class EmailPropertiesTest {

  private static final String ATOM_CHARACTERS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-";
  private static final String LABEL_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String TLD_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  static Stream<String> emails() {
    return Samples.of("emails", 150, EmailPropertiesTest::email);
  }

  /** A dot-atom local part and a host name of one to four labels under a top-level domain, mixed case. */
  private static String email(Random random) {
    StringBuilder local = new StringBuilder(word(random, ATOM_CHARACTERS, 1 + random.nextInt(12)));
    for (int dots = random.nextInt(3); dots > 0; dots--) {
      local.append('.').append(word(random, ATOM_CHARACTERS, 1 + random.nextInt(10)));
    }
    StringBuilder domain = new StringBuilder();
    for (int labels = 1 + random.nextInt(4); labels > 0; labels--) {
      String label = word(random, LABEL_CHARACTERS, 1 + random.nextInt(12));
      if (label.length() > 2 && random.nextInt(4) == 0) {
        label = label.charAt(0) + "-" + label.substring(2);
      }
      domain.append(label).append('.');
    }
    domain.append(word(random, TLD_CHARACTERS, 2 + random.nextInt(5)));
    return local + "@" + domain;
  }

  private static String word(Random random, String characters, int length) {
    StringBuilder word = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      word.append(Samples.oneOf(random, characters));
    }
    return word.toString();
  }

  private static Customer createdWithEmail(String email) {
    return created(NewCustomer.builder().email(email).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emails")
  void the_local_part_is_kept_exactly_and_the_domain_lower_cased(String email) {
    int at = email.lastIndexOf('@');

    String kept = createdWithEmail(email).email();

    assertThat(kept).isEqualTo(email.substring(0, at) + "@" + email.substring(at + 1).toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emails")
  void normalising_is_idempotent(String email) {
    String once = createdWithEmail(email).email();

    assertThat(createdWithEmail(once).email()).isEqualTo(once);
    assertThat(createdWithEmail("  " + once + " ").email()).isEqualTo(once);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emails")
  void a_case_variant_of_a_taken_email_is_not_unique(String email) {
    CreateCustomer createCustomer = new CreateCustomer(FakeCustomers.empty(), CLOCK);
    createCustomer.create(NewCustomer.builder().email(email).build());
    String variant = Samples.randomCase(new Random(email.hashCode()), email);

    InvalidCustomerException refused = catchThrowableOfType(InvalidCustomerException.class,
        () -> createCustomer.create(NewCustomer.builder().email(variant).build()));

    assertThat(refused).as("%s after %s", variant, email).isNotNull();
    assertThat(refused.violations())
        .containsExactly(new Violation("email", "unique", "user with this email already exists."));
  }
}
