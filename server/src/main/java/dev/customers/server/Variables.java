package dev.customers.server;

import dev.customers.server.ServerSettings.InvalidSettingException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reads one environment variable each, with its default; a bad value names the variable's rule and the value. */
final class Variables {

  private Variables() {}

  static String text(Map<String, String> environment, String name, String fallback) {
    String value = environment.get(name);
    return value == null ? fallback : value;
  }

  static int number(Map<String, String> environment, String name, int fallback, int min, int max,
      String rule) {
    String value = environment.get(name);
    if (value == null) {
      return fallback;
    }
    String digits = value.strip();
    if (!digits.matches("[0-9]{1,10}") || Long.parseLong(digits) < min || Long.parseLong(digits) > max) {
      throw new InvalidSettingException(rule + ", got \"" + value + "\"");
    }
    return Integer.parseInt(digits);
  }

  static Duration duration(Map<String, String> environment, String name, Duration fallback, String rule) {
    String value = environment.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      Duration duration = Duration.parse(value.strip());
      if (!duration.isNegative() && !duration.isZero()) {
        return duration;
      }
    } catch (DateTimeParseException e) {
      // Reported below, with the rule.
    }
    throw new InvalidSettingException(rule + ", got \"" + value + "\"");
  }

  /** As {@link #duration}, but 0 (or PT0S) is allowed too. */
  static Duration durationOrZero(Map<String, String> environment, String name, Duration fallback,
      String rule) {
    String value = environment.get(name);
    if (value != null && (value.strip().equals("0") || value.strip().equalsIgnoreCase("PT0S"))) {
      return Duration.ZERO;
    }
    return duration(environment, name, fallback, rule);
  }

}
