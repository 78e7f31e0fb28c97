package dev.customers.domain;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The languages a customer may prefer: the reference's twelve, each with its native name. */
public enum Language {
  EN("en", "English"),
  FR("fr", "Français"),
  TH("th", "ภาษาไทย"),
  DE("de", "Deutsch"),
  SV("sv", "Svenska"),
  NO("no", "Norsk"),
  IT("it", "Italiano"),
  ES("es", "Español"),
  NL("nl", "Nederlands"),
  PT("pt", "Português"),
  DA("da", "Dansk"),
  FI("fi", "Suomi");

  private static final Map<String, Language> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Language::code, Function.identity()));

  private final String code;
  private final String nativeName;

  Language(String code, String nativeName) {
    this.code = code;
    this.nativeName = nativeName;
  }

  /** The two-letter code as it travels on the wire, e.g. {@code "de"}. */
  public String code() {
    return code;
  }

  public String nativeName() {
    return nativeName;
  }

  /** The language with exactly this code (case-sensitive, as the reference), if there is one. */
  public static Optional<Language> find(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /** The language with this code; throws for any other value. */
  public static Language of(String code) {
    return find(code).orElseThrow(() -> new IllegalArgumentException("\"" + code + "\" is not a valid choice."));
  }
}
