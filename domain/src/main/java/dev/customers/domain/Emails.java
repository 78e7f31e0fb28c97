package dev.customers.domain;

import com.sanctionco.jmail.EmailValidator;
import com.sanctionco.jmail.JMail;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;

/**
 * What a valid email address is; its normalised form, kept and answered (NFC, the domain in lower case, the local
 * part as sent); and its key, which is what makes two spellings one mailbox.
 */
final class Emails {

  /** In code points: what the reference's (Django's) EmailField takes. */
  static final int MAX_LENGTH = 254;

  private static final EmailValidator EMAILS = JMail.validator()
      .requireTopLevelDomain()
      .disallowIpDomain()
      .disallowExplicitSourceRouting()
      .disallowObsoleteWhitespace()
      .withRule(email -> email.comments().isEmpty())
      .withRule(email -> !email.hasIdentifier());

  private Emails() {}

  /**
   * jmail takes control characters (U+0000 too), lone surrogates and invisible characters in the local part; no
   * mail system does, and an invisible one (U+200B, U+FEFF, U+00A0, U+202E...) would make a second customer of
   * one mailbox or hide what an address says.
   */
  static boolean isValid(String text) {
    return text.codePoints().noneMatch(Emails::isInvisibleOrControl) && isValidAsStored(text);
  }

  /**
   * What every stored address is, including those stored before invisible characters were refused and addresses
   * composed: the syntax, without control characters or lone surrogates.
   */
  private static boolean isValidAsStored(String text) {
    return text.chars().noneMatch(Character::isISOControl) && FieldRules.loneSurrogate(text) < 0
        && EMAILS.isValid(text);
  }

  /** Control (Cc), format (Cf: U+200B, U+FEFF, U+202E...) and separator characters (Zs, Zl, Zp: U+00A0...). */
  private static boolean isInvisibleOrControl(int c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.SPACE_SEPARATOR
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** {@code text} in Unicode's composed form (NFC): what is checked and kept of an address as sent. */
  static String composed(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  /** {@code valid}, composed, with its domain lower-cased. */
  static String normalised(String valid) {
    return composed(withDomainLowerCased(valid));
  }

  private static String withDomainLowerCased(String valid) {
    int at = valid.lastIndexOf('@');
    return valid.substring(0, at) + "@" + valid.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code text} is a valid address of at most 254 characters, trimmed, its domain lower-cased: what every
   * customer's email is. Not that it is composed or free of invisible characters, which only new requests are
   * held to: a customer stored before keeps being read.
   */
  static boolean isValidAndNormalised(String text) {
    return text.codePointCount(0, text.length()) <= MAX_LENGTH && text.strip().equals(text)
        && isValidAsStored(text) && withDomainLowerCased(text).equals(text);
  }

  /**
   * The key of a valid address: composed (NFC), lower-cased, its domain in ASCII as IDNA writes it (punycode), so
   * that {@code kate@ｅｘａｍｐｌｅ.com} (fullwidth letters), {@code kate@EXAMPLE.com}, {@code José@…} sent composed or
   * decomposed, and {@code kate@exämple.com} beside {@code kate@xn--exmple-cua.com} are one mailbox. The JDK's IDN
   * is IDNA2003, whose mapping (NFKC and case folding) also takes fullwidth letters to ASCII; a domain it refuses
   * (a label over 63 characters) keeps its lower-cased form.
   */
  static String key(String email) {
    String composed = composed(email);
    int at = composed.lastIndexOf('@');
    String domain = composed.substring(at + 1);
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException notIdna) {
      ascii = domain;
    }
    return composed.substring(0, at).toLowerCase(Locale.ROOT) + "@" + ascii.toLowerCase(Locale.ROOT);
  }
}
