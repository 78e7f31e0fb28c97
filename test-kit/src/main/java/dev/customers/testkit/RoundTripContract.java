package dev.customers.testkit;

import static dev.customers.testkit.ContractSupport.richMetadata;
import static dev.customers.testkit.ContractSupport.threeAddresses;
import static dev.customers.testkit.ContractSupport.withoutIds;
import static dev.customers.testkit.Customers.aCustomer;
import static dev.customers.testkit.Customers.aUniqueEmail;
import static dev.customers.testkit.Customers.anAddress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.domain.Address;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository;
import dev.customers.domain.Language;
import dev.customers.domain.Metadata;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CustomerRepository} must keep: each field of a customer and its addresses as saved, in order,
 * up to the domain's limits, nothing added. The first part of {@link StorageContract}, which extends it.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
public interface RoundTripContract {

  /** The repository under test. Tests call it often, from several threads too: answer the same instance. */
  CustomerRepository repositoryUnderTest();

  /**
   * Whether metadata comes back with its keys in the order they were saved. A JSON object is unordered and
   * {@link Metadata#equals} ignores order, so a storage may reorder keys (PostgreSQL's {@code jsonb} does): such
   * a storage answers {@code false}, and the contract then asks for the same keys and values only.
   */
  default boolean keepsMetadataKeysInOrder() {
    return true;
  }

  @Test
  default void every_field_survives_a_round_trip() {
    Customer customer = aCustomer()
        .firstName("Zoë 😀")
        .lastName("สมชาย ใจดี")
        .phoneNumber("+66812345678")
        .language(Language.TH)
        .acceptsMarketing(true)
        .isBlocked(true)
        .ip("2001:db8::8a2e:370:7334")
        .userAgent("Mozilla/5.0 \"quoted\" \\ back-slashed\nand on a second line 😀")
        .metadata(Metadata.of(richMetadata()))
        .tags(List.of("ลูกค้าประจำ", "🎉 launch", "VIP"))
        .addresses(List.of(
            anAddress()
                .country("TH")
                .firstName("สมชาย")
                .lastName("ใจดี 😀")
                .line1("123/45 ถนนสุขุมวิท")
                .line2("แขวงคลองเตย")
                .line3("เขตคลองเตย")
                .line4("กรุงเทพมหานคร")
                .state("กรุงเทพฯ")
                .postcode("10110")
                .phoneNumber("+6621234567")
                .notes("Ring twice.\nThen wait 🙂")
                .isDefaultForBilling(true)
                .isDefaultForShipping(false)
                .build(),
            anAddress().isDefaultForBilling(false).isDefaultForShipping(true).build()))
        .build();

    Customer saved = saved(customer);

    assertThat(withoutIds(saved)).isEqualTo(customer);
    assertThat(found(saved)).isEqualTo(saved);
  }

  @Test
  default void metadata_keeps_nesting_nulls_booleans_and_exact_numbers() {
    Customer saved = saved(aCustomer().metadata(Metadata.of(richMetadata())).build());

    Metadata metadata = found(saved).metadata();

    assertThat(metadata).isEqualTo(saved.metadata());
    Map<String, Object> values = metadata.asMap();
    // BigDecimal.equals compares the scale too: 1.50 is not 1.5.
    assertThat(values.get("price")).isEqualTo(new BigDecimal("1.50"));
    assertThat(values.get("tiny")).isEqualTo(new BigDecimal("1e-7"));
    assertThat(values.get("pi")).isEqualTo(new BigDecimal("3.14159265358979323846264338327950288"));
    assertThat(values.get("count")).isEqualTo(42);
    assertThat(values.get("long")).isEqualTo(9_007_199_254_740_993L);
    assertThat(values.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(values).containsEntry("yes", true).containsEntry("no", false).containsEntry("nothing", null);
    assertThat(values.get("list")).isEqualTo(richMetadata().get("list"));
    assertThat(values.get("nested")).isEqualTo(richMetadata().get("nested"));
  }

  @Test
  default void metadata_keys_keep_their_order_where_the_storage_keeps_it() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("zz", 1);
    inner.put("a", 2);
    inner.put("mmm", 3);
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("zulu", "first");
    outer.put("alpha", inner);
    outer.put("mike", List.of());
    outer.put("bravo", null);
    Customer saved = saved(aCustomer().metadata(Metadata.of(outer)).build());

    Metadata metadata = found(saved).metadata();

    assertThat(metadata).isEqualTo(saved.metadata());
    @SuppressWarnings("unchecked")
    Map<String, Object> foundInner = (Map<String, Object>) metadata.asMap().get("alpha");
    if (keepsMetadataKeysInOrder()) {
      assertThat(metadata.asMap().keySet()).containsExactly("zulu", "alpha", "mike", "bravo");
      assertThat(foundInner.keySet()).containsExactly("zz", "a", "mmm");
    } else {
      assertThat(metadata.asMap().keySet()).containsExactlyInAnyOrder("zulu", "alpha", "mike", "bravo");
      assertThat(foundInner.keySet()).containsExactlyInAnyOrder("zz", "a", "mmm");
    }
  }

  @Test
  default void addresses_and_tags_keep_their_order() {
    Customer saved = saved(aCustomer()
        .addresses(threeAddresses())
        .tags(List.of("zeta", "Alpha", "mu", "beta", "Ωmega", "alpha-2"))
        .build());

    Customer found = found(saved);

    assertThat(found.addresses()).extracting(Address::line1)
        .containsExactly("3 Third Street", "1 First Street", "2 Second Street");
    assertThat(found.tags()).containsExactly("zeta", "Alpha", "mu", "beta", "Ωmega", "alpha-2");
  }

  @Test
  default void dateJoined_is_kept_to_the_microsecond() {
    for (String instant : List.of(
        "2024-02-29T23:59:59.123456Z",
        "1999-12-31T23:59:59.999999Z",
        // Inside the hour that central Europe repeats when summer time ends: no local-time detour may shift it.
        "2023-10-29T00:30:00.000001Z",
        "2023-10-29T01:30:00.000001Z")) {
      Customer saved = saved(aCustomer().dateJoined(Instant.parse(instant)).build());

      assertThat(found(saved).dateJoined()).isEqualTo(Instant.parse(instant));
    }
  }

  @Test
  default void a_customer_and_an_address_with_only_required_fields_come_back_with_nothing_added() {
    Customer minimal = Customer.builder()
        .email(aUniqueEmail())
        .dateJoined(FixedClock.DEFAULT_INSTANT)
        .build();
    Customer withMinimalAddress = Customer.builder()
        .email(aUniqueEmail())
        .dateJoined(FixedClock.DEFAULT_INSTANT)
        .userAgent("")
        .addAddresses(Address.builder().country("FR").line1("1 rue de Rivoli").line4("Paris").build())
        .build();

    Customer found = found(saved(minimal));
    Customer foundWithAddress = found(saved(withMinimalAddress));

    assertThat(withoutIds(found)).isEqualTo(minimal);
    assertThat(found.phoneNumber()).isEmpty();
    assertThat(found.language()).isEmpty();
    assertThat(found.ip()).isEmpty();
    assertThat(found.userAgent()).isEmpty();
    assertThat(found.metadata().isEmpty()).isTrue();
    assertThat(found.tags()).isEmpty();
    assertThat(found.addresses()).isEmpty();
    assertThat(withoutIds(foundWithAddress)).isEqualTo(withMinimalAddress);
    assertThat(foundWithAddress.userAgent()).as("an empty user agent is not an absent one").contains("");
  }

  @Test
  default void fifty_addresses_and_250_tags_round_trip() {
    List<Address> addresses = IntStream.rangeClosed(1, 50)
        .mapToObj(i -> anAddress()
            .line1(i + " Long Street")
            .isDefaultForBilling(i == 7)
            .isDefaultForShipping(i == 42)
            .build())
        .toList();
    List<String> tags = IntStream.rangeClosed(1, 250).mapToObj(i -> "tag " + (251 - i)).toList();

    Customer saved = saved(aCustomer().addresses(addresses).tags(tags).build());
    Customer found = found(saved);

    assertThat(found).isEqualTo(saved);
    assertThat(found.addresses()).hasSize(50);
    assertThat(found.tags()).hasSize(250);
  }

  @Test
  default void text_at_the_domains_length_limits_round_trips() {
    // The domain counts code points: 255 emoji are 510 UTF-16 units, the longest value a column must take.
    String longest = "😀".repeat(255);
    String local = (aUniqueEmail().replace("@example.com", "") + ".").repeat(8).substring(0, 64);
    String email = local + "@" + "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(57) + ".com";
    Customer customer = aCustomer()
        .email(email)
        .firstName(longest)
        .lastName(longest)
        .tags(List.of(longest))
        .addresses(List.of(anAddress()
            .firstName(longest)
            .lastName(longest)
            .line1(longest)
            .line2(longest)
            .line3(longest)
            .line4(longest)
            .state(longest)
            .postcode("😀".repeat(64))
            .phoneNumber("+12015550123")
            .notes("n".repeat(100_000))
            .build()))
        .userAgent("u".repeat(100_000))
        .build();

    assertThat(email).hasSize(254);
    Customer saved = saved(customer);

    assertThat(found(saved)).isEqualTo(saved);
  }

  private Customer saved(Customer customer) {
    return ContractSupport.saved(repositoryUnderTest(), customer);
  }

  private Customer found(Customer saved) {
    return ContractSupport.found(repositoryUnderTest(), saved);
  }
}
