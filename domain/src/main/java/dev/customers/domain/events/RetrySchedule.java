package dev.customers.domain.events;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a failed delivery is tried again: exponential back-off from a first delay, over a number of attempts that
 * together span about a given time, each delay spread by jitter so that events failed together are not retried
 * together.
 */
public final class RetrySchedule {

  /**
   * The reference platform's: 10 attempts, the first retry after about 5 seconds, the last attempt about 3 days
   * after the first (delays 5 s, 19 s, 70 s, 4.4 min, 16 min, 1 h, 3.8 h, 14 h, 2.2 days, each +-20 %).
   */
  public static final RetrySchedule STANDARD = RetrySchedule.of(Duration.ofSeconds(5), 10, Duration.ofDays(3));

  private static final double JITTER = 0.2;

  private final Duration firstDelay;
  private final int attempts;
  private final double factor;

  private RetrySchedule(Duration firstDelay, int attempts, double factor) {
    this.firstDelay = firstDelay;
    this.attempts = attempts;
    this.factor = factor;
  }

  /**
   * {@code attempts} in all (the first and its retries), the first retry {@code firstDelay} after the first
   * attempt, each later delay a constant factor longer, chosen so that the delays add up to {@code span} (or the
   * factor is 1 when {@code span} is shorter than the retries at {@code firstDelay} each).
   */
  public static RetrySchedule of(Duration firstDelay, int attempts, Duration span) {
    Objects.requireNonNull(firstDelay, "firstDelay");
    Objects.requireNonNull(span, "span");
    if (firstDelay.isNegative() || firstDelay.isZero()) {
      throw new IllegalArgumentException("The first delay is positive, got " + firstDelay);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("At least one attempt, got " + attempts);
    }
    int retries = attempts - 1;
    double first = firstDelay.toNanos();
    double target = span.toNanos();
    if (retries < 2 || target <= first * retries) {
      return new RetrySchedule(firstDelay, attempts, 1);
    }
    // sum of first * f^k for k < retries is increasing in f: bisect for the f that reaches the span.
    double low = 1;
    double high = 2;
    while (sum(first, high, retries) < target) {
      high *= 2;
    }
    for (int i = 0; i < 100; i++) {
      double middle = (low + high) / 2;
      if (sum(first, middle, retries) < target) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return new RetrySchedule(firstDelay, attempts, (low + high) / 2);
  }

  private static double sum(double first, double factor, int retries) {
    double total = 0;
    double delay = first;
    for (int i = 0; i < retries; i++) {
      total += delay;
      delay *= factor;
    }
    return total;
  }

  /** How many attempts in all, the first included. */
  public int attempts() {
    return attempts;
  }

  /**
   * The delay before the attempt after failed attempt {@code attempt} (1 for the first), spread by {@code random}
   * (uniform in [0, 1): 0.5 is the delay without jitter); empty when that was the last attempt.
   */
  public Optional<Duration> delayAfter(int attempt, double random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("Attempts count from 1, got " + attempt);
    }
    if (attempt >= attempts) {
      return Optional.empty();
    }
    double delay = firstDelay.toNanos() * Math.pow(factor, attempt - 1L) * (1 + JITTER * (2 * random - 1));
    return Optional.of(Duration.ofNanos(Math.round(delay)));
  }

  /** The longest time from the first attempt to the last: every delay at its most jitter. */
  public Duration longestSpan() {
    double total = sum(firstDelay.toNanos(), factor, attempts - 1) * (1 + JITTER);
    return Duration.ofNanos(Math.round(total));
  }

  @Override
  public String toString() {
    return "RetrySchedule[" + attempts + " attempts, first retry after " + firstDelay + ", factor "
        + String.format(java.util.Locale.ROOT, "%.2f", factor) + "]";
  }
}
