package dev.customers.server;

/** Bodies the webhook tests share. */
final class Samples {

  /** Every kind of field, with what JSON makes hard: nesting, decimals, unicode outside the BMP. */
  static final String RICH_CUSTOMER = "{\"email\": \"Rich.Hook@Example.COM\", \"first_name\": \"Zoë\","
      + " \"last_name\": \"O'Brien \\\"Jr\\\"\", \"phone_number\": \"+49 30 1234567\", \"language\": \"de\","
      + " \"accepts_marketing\": true, \"ip\": \"2001:db8::1\", \"user_agent\": \"curl/8 \\u00e9\","
      + " \"metadata\": {\"n\": 1.50, \"big\": 12345678901234567890, \"deep\": {\"list\": [null, false, \"\\ud83d\\ude00\"]}},"
      + " \"tags\": [\"vip\", \"VIP\", \"b\"],"
      + " \"addresses\": [{\"country\": \"de\", \"line1\": \"Hauptstr. 1\", \"line4\": \"Berlin\","
      + " \"is_default_for_billing\": true, \"notes\": \"ring <twice> & wait\"},"
      + " {\"country\": \"fi\", \"line1\": \"Katu 2\", \"line4\": \"Helsinki\", \"postcode\": 100}]}";

  private Samples() {}

  /** The webhook body before the User: {@code data} is last, so the body is this, the GET body, and "}". */
  static String envelope(String eventId) {
    return "{\"api_version\":\"unstable\",\"event_id\":\"" + eventId + "\",\"event_type\":\"customer.created\","
        + "\"object\":\"user\",\"data\":";
  }
}
