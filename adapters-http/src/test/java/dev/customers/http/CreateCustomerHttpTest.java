package dev.customers.http;

import static dev.customers.http.RunningApi.body;
import static dev.customers.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.customers.testkit.InMemoryCustomerRepository;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /api/admin/users/: what is created, and every kind of refusal in DRF's shapes. */
class CreateCustomerHttpTest {

  private static final List<String> USER_KEYS = List.of("accepts_marketing", "addresses", "date_joined", "email",
      "first_name", "id", "ip", "is_blocked", "language", "last_name", "metadata", "orders_count", "phone_number",
      "subscriptions_count", "tags", "total_spent", "user_agent", "user_type");
  private static final List<String> ADDRESS_KEYS = List.of("country", "first_name", "id", "is_default_for_billing",
      "is_default_for_shipping", "last_name", "line1", "line2", "line3", "line4", "notes", "phone_number", "postcode",
      "state");
  private static final AtomicInteger EMAILS = new AtomicInteger();

  private static InMemoryCustomerRepository repository;
  private static RunningApi api;

  @BeforeAll
  static void start() {
    repository = new InMemoryCustomerRepository();
    api = RunningApi.start(repository);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String uniqueEmail() {
    return "user" + EMAILS.incrementAndGet() + "@example.com";
  }

  private static Map<String, Object> address(String country) {
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("country", country);
    address.put("line1", "1 Main Street");
    address.put("line4", "Springfield");
    return address;
  }

  private static HttpResponse<String> create(Map<String, ?> fields) {
    return api.postJson(json(fields));
  }

  private static Map<String, Object> errorsOf(Map<String, ?> fields) {
    HttpResponse<String> response = create(fields);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return body(response);
  }

  @Nested
  class Created {

    @Test
    void the_seed_request_gets_201_the_user_and_its_location() {
      HttpResponse<String> response = api.postJson("{\"email\": \"user@example.com\"}");

      assertThat(response.statusCode()).isEqualTo(201);
      Map<String, Object> user = body(response);
      assertThat(user.keySet()).containsExactlyElementsOf(USER_KEYS);
      assertThat(response.headers().firstValue("Location")).hasValue("/api/admin/users/" + user.get("id") + "/");
      assertThat(user).containsEntry("email", "user@example.com")
          .containsEntry("accepts_marketing", false)
          .containsEntry("addresses", List.of())
          .containsEntry("date_joined", "2026-11-27T04:10:41.402802Z")
          .containsEntry("first_name", "")
          .containsEntry("ip", null)
          .containsEntry("is_blocked", false)
          .containsEntry("language", null)
          .containsEntry("last_name", "")
          .containsEntry("metadata", Map.of())
          .containsEntry("orders_count", 0)
          .containsEntry("phone_number", null)
          .containsEntry("subscriptions_count", 0)
          .containsEntry("tags", List.of())
          .containsEntry("total_spent", "0.00")
          .containsEntry("user_agent", null)
          .containsEntry("user_type", "customer");
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void every_field_comes_back_normalised() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("email", "  Jane.Doe@Example.COM ");
      fields.put("first_name", " Jane ");
      fields.put("last_name", "Doe");
      fields.put("phone_number", "+1 415 555 2671");
      fields.put("language", "de");
      fields.put("accepts_marketing", "yes");
      fields.put("is_blocked", 0);
      fields.put("ip", "2001:db8::1");
      fields.put("user_agent", "curl/8.5.0");
      fields.put("metadata", Map.of("source", "import"));
      fields.put("tags", List.of(" vip ", "VIP", "new"));
      Map<String, Object> home = address("de");
      home.put("phone_number", "030 1234567");
      home.put("is_default_for_billing", true);
      fields.put("addresses", List.of(home, address("FR")));
      fields.put("id", 99);
      fields.put("user_type", "dashboard");
      fields.put("unknown", "ignored");

      HttpResponse<String> response = create(fields);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      Map<String, Object> user = body(response);
      assertThat(user).containsEntry("email", "Jane.Doe@example.com")
          .containsEntry("first_name", "Jane")
          .containsEntry("phone_number", "+14155552671")
          .containsEntry("language", "de")
          .containsEntry("accepts_marketing", true)
          .containsEntry("is_blocked", false)
          .containsEntry("ip", "2001:db8::1")
          .containsEntry("user_agent", "curl/8.5.0")
          .containsEntry("metadata", Map.of("source", "import"))
          .containsEntry("tags", List.of("vip", "new"))
          .containsEntry("user_type", "customer");
      assertThat(user.get("id")).isNotEqualTo(99);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> addresses = (List<Map<String, Object>>) user.get("addresses");
      assertThat(addresses).hasSize(2);
      assertThat(addresses.get(0).keySet()).containsExactlyElementsOf(ADDRESS_KEYS);
      assertThat(addresses.get(0)).containsEntry("country", "DE")
          .containsEntry("phone_number", "+49301234567")
          .containsEntry("is_default_for_billing", true)
          .containsEntry("is_default_for_shipping", false)
          .containsEntry("line2", "")
          .containsEntry("notes", "");
      assertThat(addresses.get(0).get("id")).isInstanceOf(Number.class);
      assertThat(addresses.get(1)).containsEntry("country", "FR").containsEntry("phone_number", "");
    }

    @Test
    void metadata_comes_back_exactly_as_sent() {
      String metadata = "{\"z\":1,\"a\":[1.0,1.50,-0.001,12345678901234567890123,true,null,\"\"],"
          + "\"nested\":{\"deeper\":{\"text\":\"héllo 🌍 ภาษาไทย\"}},\"big\":9007199254740993,\"empty\":{}}";

      HttpResponse<String> response =
          api.postJson("{\"email\": \"" + uniqueEmail() + "\", \"metadata\": " + metadata + "}");

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.body()).contains("\"metadata\":" + metadata + ",");
    }

    @Test
    void is_readable_by_its_location() {
      HttpResponse<String> created = create(Map.of("email", uniqueEmail(), "tags", List.of("a")));

      HttpResponse<String> read = api.get(created.headers().firstValue("Location").orElseThrow());

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).isEqualTo(created.body());
    }
  }

  @Nested
  class FieldErrors {

    @Test
    void a_missing_email_is_required() {
      assertThat(errorsOf(Map.of("first_name", "Jane"))).isEqualTo(Map.of("email", List.of("This field is required.")));
    }

    @Test
    void an_empty_body_is_no_fields() {
      HttpResponse<String> response = api.post("application/json", BodyPublishers.noBody());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(Map.of("email", List.of("This field is required.")));
    }

    @Test
    void a_taken_email_is_unique_ignoring_case() {
      String email = uniqueEmail();
      assertThat(create(Map.of("email", email)).statusCode()).isEqualTo(201);

      assertThat(errorsOf(Map.of("email", email.toUpperCase(java.util.Locale.ROOT))))
          .isEqualTo(Map.of("email", List.of("user with this email already exists.")));
    }

    @Test
    void a_too_long_invalid_email_gets_both_messages() {
      assertThat(errorsOf(Map.of("email", "x".repeat(300))).get("email")).isEqualTo(
          List.of("Ensure this field has no more than 254 characters.", "Enter a valid email address."));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "first_name | 'x'                 | Ensure this field has no more than 255 characters.",
        "phone_number | '12'              | Enter a valid phone number.",
        "language   | 'xx'                | \"xx\" is not a valid choice.",
        "accepts_marketing | 'maybe'      | Must be a valid boolean.",
        "ip         | '999.1.1.1'         | Enter a valid IPv4 or IPv6 address.",
        "email      | 'not-an-email'      | Enter a valid email address.",
        "email      | '   '               | This field may not be blank.",
        "last_name  | 'a\u0000b'          | Null characters are not allowed."})
    void a_broken_rule_is_reported_under_its_field(String field, String value, String message) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("email", uniqueEmail());
      fields.put(field, field.equals("first_name") ? value.repeat(256) : value);

      assertThat(errorsOf(fields)).isEqualTo(Map.of(field, List.of(message)));
    }

    @Test
    void wrong_types_are_reported_with_the_rules() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("email", true);
      fields.put("first_name", List.of("Jane"));
      fields.put("is_blocked", "maybe");
      fields.put("metadata", List.of(1));
      fields.put("tags", "vip");
      fields.put("language", "xx");

      Map<String, Object> errors = errorsOf(fields);

      assertThat(errors).isEqualTo(Map.of(
          "email", List.of("Not a valid string."),
          "first_name", List.of("Not a valid string."),
          "is_blocked", List.of("Must be a valid boolean."),
          "metadata", List.of("Expected a dictionary of items but got type \"list\"."),
          "tags", List.of("Expected a list of items but got type \"str\"."),
          "language", List.of("\"xx\" is not a valid choice.")));
    }

    @Test
    void null_where_not_allowed() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("email", null);
      fields.put("first_name", null);
      fields.put("tags", null);
      fields.put("addresses", null);
      fields.put("accepts_marketing", null);

      assertThat(errorsOf(fields)).isEqualTo(Map.of(
          "email", List.of("This field may not be null."),
          "first_name", List.of("This field may not be null."),
          "tags", List.of("This field may not be null."),
          "addresses", List.of("This field may not be null."),
          "accepts_marketing", List.of("This field may not be null.")));
    }

    @Test
    void tag_errors_are_keyed_by_index() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("email", uniqueEmail());
      fields.put("tags", java.util.Arrays.asList("ok", false, "", "x".repeat(256)));

      assertThat(errorsOf(fields)).isEqualTo(Map.of("tags", Map.of(
          "1", List.of("Not a valid string."),
          "2", List.of("This field may not be blank."),
          "3", List.of("Ensure this field has no more than 255 characters."))));
    }

    @Test
    void too_many_tags_is_a_list_error() {
      List<String> tags = new ArrayList<>();
      for (int i = 0; i < 251; i++) {
        tags.add("tag" + i);
      }

      assertThat(errorsOf(Map.of("email", uniqueEmail(), "tags", tags)))
          .isEqualTo(Map.of("tags", List.of("Ensure this field has no more than 250 elements.")));
    }

    @Test
    void address_errors_have_one_entry_per_address_sent() {
      Map<String, Object> noCountry = address("DE");
      noCountry.remove("country");
      Map<String, Object> badCountry = address("zz");
      badCountry.put("postcode", "9".repeat(65));

      Map<String, Object> errors = errorsOf(Map.of("email", uniqueEmail(),
          "addresses", List.of(address("DE"), noCountry, address("FR"), badCountry)));

      assertThat(errors).isEqualTo(Map.of("addresses", List.of(
          Map.of(),
          Map.of("country", List.of("This field is required.")),
          Map.of(),
          Map.of("country", List.of("\"zz\" is not a valid choice."),
              "postcode", List.of("Ensure this field has no more than 64 characters.")))));
    }

    @Test
    void an_address_that_is_not_an_object_is_a_non_field_error_of_its_entry() {
      Map<String, Object> errors = errorsOf(Map.of("email", uniqueEmail(),
          "addresses", List.of("Main Street", address("DE"))));

      assertThat(errors).isEqualTo(Map.of("addresses", List.of(
          Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary, but got str.")),
          Map.of())));
    }

    @Test
    void only_one_default_billing_address() {
      Map<String, Object> first = address("DE");
      first.put("is_default_for_billing", true);
      Map<String, Object> second = address("FR");
      second.put("is_default_for_billing", "true");

      assertThat(errorsOf(Map.of("email", uniqueEmail(), "addresses", List.of(first, second))))
          .isEqualTo(Map.of("addresses", List.of(
              Map.of(),
              Map.of("is_default_for_billing", List.of("Only one address can be the default billing address.")))));
    }

    @Test
    void addresses_that_are_not_a_list_or_too_many_are_list_level_errors() {
      assertThat(errorsOf(Map.of("email", uniqueEmail(), "addresses", "Main Street"))).isEqualTo(Map.of(
          "addresses", Map.of("non_field_errors", List.of("Expected a list of items but got type \"str\"."))));

      List<Map<String, Object>> many = new ArrayList<>(Collections.nCopies(51, address("DE")));
      assertThat(errorsOf(Map.of("email", uniqueEmail(), "addresses", many))).isEqualTo(Map.of(
          "addresses", Map.of("non_field_errors", List.of("Ensure this field has no more than 50 elements."))));
    }

    @Test
    void every_error_is_reported_at_once() {
      Map<String, Object> noLine1 = address("DE");
      noLine1.remove("line1");
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("email", "nope");
      fields.put("phone_number", "123");
      fields.put("tags", List.of("ok", true));
      fields.put("addresses", List.of(noLine1));

      assertThat(errorsOf(fields)).isEqualTo(Map.of(
          "email", List.of("Enter a valid email address."),
          "phone_number", List.of("Enter a valid phone number."),
          "tags", Map.of("1", List.of("Not a valid string.")),
          "addresses", List.of(Map.of("line1", List.of("This field is required.")))));
    }

    @Test
    void nothing_is_stored_when_anything_is_wrong() {
      int before = repository.size();

      errorsOf(Map.of("email", uniqueEmail(), "addresses", List.of(address("DE"), address("ZZ"))));

      assertThat(repository.size()).isEqualTo(before);
    }
  }

  /** A JSON number where a string belongs is taken as its text, as DRF's CharField takes it. */
  @Nested
  class NumbersAsText {

    @Test
    void numbers_in_text_fields_are_stored_as_python_prints_them() {
      HttpResponse<String> response = api.postJson("""
          {"email": "numbers@example.com", "first_name": 1e3, "last_name": 7, "user_agent": 1e16, "tags": [1, 1.50],
           "addresses": [{"country": "US", "line1": 1, "line4": 0.0001, "postcode": 94105, "state": 1e-5}]}
          """);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      Map<String, Object> user = body(response);
      assertThat(user).containsEntry("first_name", "1000.0").containsEntry("last_name", "7")
          .containsEntry("user_agent", "1e+16").containsEntry("tags", List.of("1", "1.5"));
      @SuppressWarnings("unchecked")
      Map<String, Object> address = ((List<Map<String, Object>>) user.get("addresses")).get(0);
      assertThat(address).containsEntry("line1", "1").containsEntry("line4", "0.0001")
          .containsEntry("postcode", "94105").containsEntry("state", "1e-05");
    }

    @Test
    void a_number_is_checked_as_its_text_and_a_boolean_list_or_object_is_not_a_string() {
      HttpResponse<String> response = api.postJson("""
          {"email": "numbers-refused@example.com", "ip": 3232235521, "first_name": true, "last_name": ["x"],
           "tags": [1, {"k": 1}]}
          """);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(Map.of(
          "ip", List.of("Enter a valid IPv4 or IPv6 address."),
          "first_name", List.of("Not a valid string."),
          "last_name", List.of("Not a valid string."),
          "tags", Map.of("1", List.of("Not a valid string."))));
    }
  }

  @Nested
  class JsonDocuments {

    @Test
    void malformed_json_is_a_parse_error_saying_where() {
      HttpResponse<String> response = api.postJson("{\"email\": \"a@example.com\",}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat((String) body(response).get("detail")).startsWith("JSON parse error - ")
          .contains("line 1 column").doesNotContain("Source");
      assertThat(body(response)).containsOnlyKeys("detail");
    }

    @Test
    void trailing_content_is_a_parse_error() {
      HttpResponse<String> response = api.postJson("{\"email\": \"a@example.com\"} {}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat((String) body(response).get("detail")).startsWith("JSON parse error - ");
    }

    @Test
    void invalid_utf8_is_a_parse_error() {
      byte[] latin1 = "{\"email\": \"jos\u00e9@example.com\"}".getBytes(StandardCharsets.ISO_8859_1);

      HttpResponse<String> response = api.post("application/json", BodyPublishers.ofByteArray(latin1));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat((String) body(response).get("detail")).startsWith("JSON parse error - ");
    }

    @Test
    void duplicate_keys_are_refused() {
      HttpResponse<String> response = api.postJson("{\"email\": \"a@example.com\", \"email\": \"b@example.com\"}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat((String) body(response).get("detail")).startsWith("JSON parse error - Duplicate field 'email'");
    }

    @Test
    void nesting_deeper_than_the_limit_is_a_parse_error_not_a_crash() {
      String deep = "[".repeat(5000) + "]".repeat(5000);

      HttpResponse<String> response = api.postJson("{\"email\": \"deep@example.com\", \"metadata\": {\"x\": " + deep + "}}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat((String) body(response).get("detail")).startsWith("JSON parse error - ").contains("nesting depth");
    }

    @Test
    void nesting_within_the_limit_is_kept() {
      String nested = "[".repeat(900) + "]".repeat(900);

      HttpResponse<String> response =
          api.postJson("{\"email\": \"" + uniqueEmail() + "\", \"metadata\": {\"x\": " + nested + "}}");

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.body()).contains("\"metadata\":{\"x\":" + nested + "}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]                      | list",
        "[{\"email\": \"a@b.co\"}] | list",
        "\"user@example.com\"     | str",
        "42                      | int",
        "4.2                     | float",
        "true                    | bool"})
    void a_document_that_is_not_an_object_is_a_non_field_error(String document, String type) {
      HttpResponse<String> response = api.postJson(document);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(
          Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary, but got " + type + ".")));
    }

    @Test
    void null_is_no_data() {
      HttpResponse<String> response = api.postJson("null");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(Map.of("non_field_errors", List.of("No data provided")));
    }
  }

  @Nested
  class Forms {

    private String form(String... pairs) {
      StringBuilder form = new StringBuilder();
      for (int i = 0; i < pairs.length; i += 2) {
        if (form.length() > 0) {
          form.append('&');
        }
        form.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
      }
      return form.toString();
    }

    private HttpResponse<String> postForm(String body) {
      return api.post("application/x-www-form-urlencoded", BodyPublishers.ofString(body));
    }

    @Test
    void a_urlencoded_form_creates_a_customer() {
      String email = uniqueEmail();
      HttpResponse<String> response = postForm(form(
          "email", email,
          "first_name", "Zoë",
          "tags", "vip",
          "tags", "new",
          "accepts_marketing", "on",
          "is_blocked", "false",
          "language", "",
          "metadata", "{\"source\": \"form\", \"n\": 1.50}",
          "addresses", "[{\"country\": \"se\", \"line1\": \"Gatan 1\", \"line4\": \"Malmö\"}]"));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      Map<String, Object> user = body(response);
      assertThat(user).containsEntry("email", email)
          .containsEntry("first_name", "Zoë")
          .containsEntry("tags", List.of("vip", "new"))
          .containsEntry("accepts_marketing", true)
          .containsEntry("is_blocked", false)
          .containsEntry("language", null);
      assertThat(response.body()).contains("\"metadata\":{\"source\":\"form\",\"n\":1.50}");
      assertThat(user.get("addresses")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
    }

    @Test
    void form_field_errors_come_in_the_same_shapes() {
      HttpResponse<String> response = postForm(form(
          "email", "nope",
          "tags", "ok",
          "tags", " ",
          "is_blocked", "maybe",
          "metadata", "{not json",
          "addresses", "[{\"line1\": \"x\", \"line4\": \"y\"}]"));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(Map.of(
          "email", List.of("Enter a valid email address."),
          "tags", Map.of("1", List.of("This field may not be blank.")),
          "is_blocked", List.of("Must be a valid boolean."),
          "metadata", List.of("Value must be valid JSON."),
          "addresses", List.of(Map.of("country", List.of("This field is required.")))));
    }

    @Test
    void addresses_that_are_not_json_are_a_field_error() {
      HttpResponse<String> response = postForm(form("email", uniqueEmail(), "addresses", "Main Street 1"));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(Map.of("addresses", List.of("Value must be valid JSON.")));
    }

    @Test
    void metadata_json_that_is_not_an_object_is_the_usual_type_error() {
      HttpResponse<String> response = postForm(form("email", uniqueEmail(), "metadata", "[1, 2]"));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(
          Map.of("metadata", List.of("Expected a dictionary of items but got type \"list\".")));
    }

    @Test
    void an_empty_checkbox_means_the_default_and_empty_metadata_means_none() {
      HttpResponse<String> response =
          postForm(form("email", uniqueEmail(), "accepts_marketing", "", "metadata", "", "addresses", ""));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      assertThat(body(response)).containsEntry("accepts_marketing", false).containsEntry("metadata", Map.of())
          .containsEntry("addresses", List.of());
    }

    @Test
    void stray_percent_signs_are_kept_and_plus_is_a_space() {
      HttpResponse<String> response = postForm("email=" + uniqueEmail() + "&first_name=100%25+sure%&last_name=a%zzb");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      assertThat(body(response)).containsEntry("first_name", "100% sure%").containsEntry("last_name", "a%zzb");
    }

    @Test
    void a_multipart_form_creates_a_customer() {
      String email = uniqueEmail();
      String boundary = "----customers-boundary-7MA4YWxk";
      String body = part(boundary, "email", email)
          + part(boundary, "first_name", "Łukasz")
          + part(boundary, "tags", "vip")
          + part(boundary, "tags", "VIP")
          + part(boundary, "tags", "later")
          + part(boundary, "is_blocked", "1")
          + part(boundary, "metadata", "{\"k\": [1, 2]}")
          + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"\r\n"
          + "Content-Type: image/png\r\n\r\nPNG\r\n"
          + "--" + boundary + "--\r\n";

      HttpResponse<String> response = api.post("multipart/form-data; boundary=" + boundary,
          BodyPublishers.ofString(body, StandardCharsets.UTF_8));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      assertThat(body(response)).containsEntry("email", email)
          .containsEntry("first_name", "Łukasz")
          .containsEntry("tags", List.of("vip", "later"))
          .containsEntry("is_blocked", true)
          .containsEntry("metadata", Map.of("k", List.of(1, 2)));
    }

    @Test
    void multipart_field_errors_come_in_the_same_shapes() {
      String boundary = "b0undary";
      String body = part(boundary, "email", "") + part(boundary, "addresses", "{oops") + "--" + boundary + "--\r\n";

      HttpResponse<String> response = api.post("multipart/form-data; boundary=" + boundary,
          BodyPublishers.ofString(body));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(Map.of(
          "email", List.of("This field may not be blank."),
          "addresses", List.of("Value must be valid JSON.")));
    }

    @Test
    void multipart_without_a_boundary_is_a_parse_error() {
      HttpResponse<String> response = api.post("multipart/form-data", BodyPublishers.ofString("email=x"));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(
          Map.of("detail", "Multipart form parse error - Invalid boundary in multipart: None"));
    }

    @Test
    void malformed_multipart_is_a_parse_error() {
      HttpResponse<String> response = api.post("multipart/form-data; boundary=xyz",
          BodyPublishers.ofString("--xyz\r\nno headers end here"));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat((String) body(response).get("detail")).startsWith("Multipart form parse error - ");
    }

    /**
     * Whatever charset a part declares, or bytes that are not UTF-8 at all: read as UTF-8 (undecodable bytes as
     * U+FFFD, as Django does), so the answer is about the fields, never a 500.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"utf-16", "UTF-7", "x-no-such-charset", "utf-8", "ISO-8859-1", "(bad"})
    void a_part_is_read_as_utf8_whatever_charset_it_declares(String charset) {
      String boundary = "b0undary";
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"email\"\r\n"
          + "Content-Type: text/plain; charset=" + charset + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      body.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 'a', '@', 'b'});
      body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"first_name\"\r\n"
          + "Content-Type: text/plain; charset=" + charset + "\r\n\r\n\u0141ukasz\r\n--" + boundary + "--\r\n")
          .getBytes(StandardCharsets.UTF_8));

      HttpResponse<String> response = api.post("multipart/form-data; boundary=" + boundary,
          BodyPublishers.ofByteArray(body.toByteArray()));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(body(response)).isEqualTo(Map.of("email", List.of("Enter a valid email address.")));
    }

    private String part(String boundary, String name, String value) {
      return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
  }
}
