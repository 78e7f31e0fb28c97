package dev.customers.domain;

import static dev.customers.domain.Violation.Code.MAX_LENGTH;
import static dev.customers.domain.Violation.Code.NOT_A_LIST;
import static dev.customers.domain.Violation.Code.NULL;

import dev.customers.domain.FieldRules.Text;
import dev.customers.domain.Violation.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules of a new customer's tags. */
final class TagRules {

  static final int TAG_MAX = 255;
  static final int TAGS_MAX = 250;

  private TagRules() {}

  /** At most 250, then each trimmed, 1..255, duplicates ignoring case dropped keeping the first spelling. */
  static List<String> check(NewCustomer command, Violations violations) {
    if (!command.has("tags")) {
      return List.of();
    }
    Object raw = command.get("tags");
    if (raw == null) {
      violations.add(Path.of("tags"), NULL, Messages.NULL);
      return List.of();
    }
    if (!(raw instanceof List<?> items)) {
      violations.add(Path.of("tags"), NOT_A_LIST, Messages.notAList(raw));
      return List.of();
    }
    // The count before the items: a body of a mebibyte holds hundreds of thousands of them, and none is worth
    // reading then. (The reference reads them all first, and answers every broken one.)
    if (items.size() > TAGS_MAX) {
      violations.add(Path.of("tags"), MAX_LENGTH, Messages.maxElements(TAGS_MAX));
      return List.of();
    }
    List<String> tags = new ArrayList<>(items.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String tag = FieldRules.text(violations, Path.of("tags").item(i), items.get(i), Text.required(TAG_MAX));
      if (tag != null && seen.add(caseless(tag))) {
        tags.add(tag);
      }
    }
    return tags;
  }

  /**
   * A key equal for two tags exactly when {@link String#equalsIgnoreCase} holds. Lower-casing alone would keep
   * "ασ" and "ΑΣ" apart (final sigma) and "ı" and "I", which differ in case only.
   */
  static String caseless(String text) {
    StringBuilder key = new StringBuilder(text.length());
    text.codePoints().forEach(c -> key.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
    return key.toString();
  }
}
