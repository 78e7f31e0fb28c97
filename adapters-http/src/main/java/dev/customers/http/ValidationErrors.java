package dev.customers.http;

import dev.customers.domain.Violation.Path;
import dev.customers.domain.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The domain's violations in the shapes Django REST Framework gives them, the shapes the reference's clients read;
 * the messages are the domain's, passed on as they are:
 * <ul>
 *   <li>a violation of the request as a whole ({@link Violation#WHOLE_REQUEST}) becomes
 *       {@code {"non_field_errors": ["msg"]}};
 *   <li>{@code email} becomes {@code {"email": ["msg"]}};
 *   <li>{@code tags[2]} (an item of a plain list field) becomes {@code {"tags": {"2": ["msg"]}}};
 *   <li>{@code addresses[1].country} becomes {@code {"addresses": [{}, {"country": ["msg"]}]}}, one entry per
 *       address sent, as DRF's ListSerializer answers; a whole address ({@code addresses[0]}) gets its message
 *       under {@code non_field_errors};
 *   <li>the list-level errors of {@code addresses} that ListSerializer raises itself (not a list, too many) become
 *       {@code {"addresses": {"non_field_errors": ["msg"]}}}, while its null check stays {@code ["msg"]}.
 * </ul>
 */
final class ValidationErrors {

  private static final String NON_FIELD_ERRORS = "non_field_errors";

  /** The one nested serializer of the contract: its errors are a list with an entry per element. */
  private static final String NESTED_LIST = "addresses";
  private static final Set<String> LIST_SERIALIZER_CODES =
      Set.of(Violation.Code.NOT_A_LIST, Violation.Code.MAX_LENGTH);

  private ValidationErrors() {}

  /** The body of a 400 for {@code violations} of a request that sent {@code addressesSent} addresses. */
  static Map<String, Object> of(List<Violation> violations, int addressesSent) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (Violation violation : violations) {
      Path where = violation.where();
      if (where.isWholeRequest()) {
        messages(body, NON_FIELD_ERRORS).add(violation.message());
      } else if (where.index().isEmpty()) {
        fieldError(body, where.field(), violation);
      } else if (where.field().equals(NESTED_LIST)) {
        Map<String, Object> entry = element(body, where.field(), where.index().getAsInt(), addressesSent);
        messages(entry, where.itemField().orElse(NON_FIELD_ERRORS)).add(violation.message());
      } else {
        messages(object(body, where.field()), String.valueOf(where.index().getAsInt())).add(violation.message());
      }
    }
    return body;
  }

  private static void fieldError(Map<String, Object> body, String field, Violation violation) {
    if (field.equals(NESTED_LIST) && LIST_SERIALIZER_CODES.contains(violation.code())) {
      messages(object(body, field), NON_FIELD_ERRORS).add(violation.message());
    } else {
      messages(body, field).add(violation.message());
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> messages(Map<String, Object> errors, String key) {
    return (List<String>) errors.computeIfAbsent(key, k -> new ArrayList<String>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> errors, String key) {
    return (Map<String, Object>) errors.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
  }

  /** The error entry of element {@code index} in a list with an entry for each of the {@code sent} elements. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> element(Map<String, Object> errors, String key, int index, int sent) {
    List<Map<String, Object>> entries =
        (List<Map<String, Object>>) errors.computeIfAbsent(key, k -> new ArrayList<Map<String, Object>>());
    while (entries.size() < Math.max(sent, index + 1)) {
      entries.add(new LinkedHashMap<>());
    }
    return entries.get(index);
  }
}
