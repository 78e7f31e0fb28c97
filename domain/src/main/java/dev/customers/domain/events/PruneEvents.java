package dev.customers.domain.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Deletes the {@code customer.created} events that occurred longer ago than the retention, whatever their state
 * (delivered, failed or still pending), in batches, but none that a relay holds right now; so the outbox keeps about
 * a retention's worth. Run {@link #prune()} every minute or so (the server does, on its housekeeping thread); an
 * {@link EventRelay} does not prune.
 */
public final class PruneEvents {

  /** A week: longer than {@link RetrySchedule#STANDARD}'s longest span. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  static final int BATCH = 1_000;

  private final EventOutbox outbox;
  private final Clock clock;
  private final Duration retention;

  /** Keeps events for {@code retention}, which must outlast {@link RetrySchedule#STANDARD}. */
  public PruneEvents(EventOutbox outbox, Clock clock, Duration retention) {
    this(outbox, clock, retention, RetrySchedule.STANDARD);
  }

  /**
   * Keeps events for {@code retention}.
   *
   * @throws IllegalArgumentException when the retention does not outlast {@code schedule}: events would be deleted
   *     while still being tried
   */
  public PruneEvents(EventOutbox outbox, Clock clock, Duration retention, RetrySchedule schedule) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = Objects.requireNonNull(retention, "retention");
    if (!outlasts(retention, schedule)) {
      throw new IllegalArgumentException("The retention (" + retention + ") must be " + retentionRule(schedule)
          + ": events would be deleted while still being tried");
    }
  }

  /** Whether events kept for {@code retention} are kept for as long as {@code schedule} may still try them. */
  public static boolean outlasts(Duration retention, RetrySchedule schedule) {
    return retention.compareTo(schedule.longestSpan()) > 0;
  }

  /** What a retention must be, in words: "longer than the retries' longest span (3.6 days)". */
  public static String retentionRule(RetrySchedule schedule) {
    return "longer than the retries' longest span ("
        + String.format(Locale.ROOT, "%.1f days", schedule.longestSpan().toMinutes() / 1440.0) + ")";
  }

  /** Deletes every event older than the retention, a batch per statement; answers how many. */
  public int prune() {
    int deleted = 0;
    int batch;
    do {
      Instant now = clock.instant();
      batch = outbox.prune(now.minus(retention), now, BATCH);
      deleted += batch;
    } while (batch == BATCH);
    return deleted;
  }

  public Duration retention() {
    return retention;
  }
}
