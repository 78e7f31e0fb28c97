package dev.customers.domain;

import com.sanctionco.jmail.EmailValidator;
import com.sanctionco.jmail.JMail;
import java.util.Locale;

/** What a valid email address is, and its normalised form: the domain in lower case, the local part as sent. */
final class Emails {

  private static final EmailValidator EMAILS = JMail.validator()
      .requireTopLevelDomain()
      .disallowIpDomain()
      .disallowExplicitSourceRouting()
      .disallowObsoleteWhitespace()
      .withRule(email -> email.comments().isEmpty())
      .withRule(email -> !email.hasIdentifier());

  private Emails() {}

  /** jmail takes control characters (U+0000 too) and lone surrogates in the local part; no mail system does. */
  static boolean isValid(String text) {
    return text.chars().noneMatch(Character::isISOControl) && FieldRules.loneSurrogate(text) < 0
        && EMAILS.isValid(text);
  }

  /** {@code valid} with its domain lower-cased. */
  static String normalised(String valid) {
    int at = valid.lastIndexOf('@');
    return valid.substring(0, at) + "@" + valid.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /** Whether {@code text} is a valid address of at most 254 characters, trimmed and normalised. */
  static boolean isValidAndNormalised(String text) {
    return text.codePointCount(0, text.length()) <= CustomerRules.EMAIL_MAX && text.strip().equals(text)
        && isValid(text) && normalised(text).equals(text);
  }
}
