package dev.customers.server;

import dev.customers.domain.FindCustomer;
import dev.customers.domain.events.PruneEvents;
import dev.customers.domain.events.RetrySchedule;
import dev.customers.http.CustomersApi;
import dev.customers.server.ServerSettings.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where customer.created events go: to the webhook URLs, signed with the secret, retried on {@code retries} (from
 * the environment always the standard schedule; tests set a faster one). Without URLs nothing is sent and events
 * stay pending, to be sent once URLs are set. Either way events are deleted {@code retention} after they occurred.
 */
record EventSettings(List<URI> webhookUrls, Optional<String> webhookSecret, Duration retention,
    RetrySchedule retries) {

  static final String WEBHOOK_URLS = "CUSTOMERS_WEBHOOK_URLS";
  static final String WEBHOOK_SECRET = "CUSTOMERS_WEBHOOK_SECRET";
  static final String EVENT_RETENTION = "CUSTOMERS_EVENT_RETENTION";

  private static final String URL_EXAMPLE =
      ", e.g. https://hooks.example.com/customers (URLs are comma-separated)";
  /**
   * What the webhooks are checked with while they cannot be built yet: a URL and a secret they take, and a
   * repository they never read, as nothing is sent.
   */
  private static final URI PROBE_URL = URI.create("https://hooks.example.com/customers");
  private static final String PROBE_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
  private static final FindCustomer NO_CUSTOMERS =
      new FindCustomer(new OpeningRepository(new CompletableFuture<>()));

  static final EventSettings NONE = new EventSettings(List.of(), Optional.empty(), PruneEvents.DEFAULT_RETENTION,
      RetrySchedule.STANDARD);

  EventSettings {
    webhookUrls = List.copyOf(webhookUrls);
    Objects.requireNonNull(webhookSecret, "webhookSecret");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(retries, "retries");
    if (!webhookUrls.isEmpty() && webhookSecret.isEmpty()) {
      throw new IllegalArgumentException("Webhooks need a secret");
    }
  }

  boolean webhooks() {
    return !webhookUrls.isEmpty();
  }

  /** From the environment; a secret without URLs is refused, as it is most likely a misspelt URLs variable. */
  static EventSettings from(Map<String, String> environment) {
    RetrySchedule retries = RetrySchedule.STANDARD;
    String rule = EVENT_RETENTION + " must be an ISO-8601 duration " + PruneEvents.retentionRule(retries)
        + ", such as P7D";
    Duration retention = Variables.duration(environment, EVENT_RETENTION, PruneEvents.DEFAULT_RETENTION,
        rule);
    if (!PruneEvents.outlasts(retention, retries)) {
      throw new InvalidSettingException(rule + "; a shorter one would delete events still being tried, got \""
          + environment.get(EVENT_RETENTION) + "\"");
    }
    String urls = environment.get(WEBHOOK_URLS);
    String secret = environment.get(WEBHOOK_SECRET);
    if (urls == null || urls.isBlank()) {
      if (secret != null) {
        throw new InvalidSettingException(WEBHOOK_SECRET + " is set but " + WEBHOOK_URLS + " is not: set both to "
            + "send webhooks, or neither");
      }
      return new EventSettings(List.of(), Optional.empty(), retention, retries);
    }
    return new EventSettings(webhookUrls(urls), Optional.of(webhookSecret(secret)), retention, retries);
  }

  /** Comma-separated absolute http(s) URLs; named by position in errors, never shown (they may carry credentials). */
  static List<URI> webhookUrls(String configured) {
    List<URI> urls = new ArrayList<>();
    String[] entries = configured.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String where = WEBHOOK_URLS + " entry " + (i + 1);
      URI url;
      try {
        url = new URI(entries[i].strip());
      } catch (URISyntaxException e) {
        throw new InvalidSettingException(where + " is not a URL" + URL_EXAMPLE);
      }
      if (urls.contains(url)) {
        throw new InvalidSettingException(where + " repeats entry " + (urls.indexOf(url) + 1));
      }
      urls.add(url);
    }
    try {
      // The webhooks' own check, which names a URL by its position, as the entries are counted here.
      CustomersApi.webhooks(NO_CUSTOMERS, urls, PROBE_SECRET);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(WEBHOOK_URLS + ": " + e.getMessage() + URL_EXAMPLE);
    }
    return urls;
  }

  /** A secret {@link CustomersApi#webhooks} takes; never shown. */
  static String webhookSecret(String secret) {
    String stripped = secret == null ? "" : secret.strip();
    try {
      // The webhooks' own check: its message says what a secret is, without showing this one.
      CustomersApi.webhooks(NO_CUSTOMERS, List.of(PROBE_URL), stripped);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(WEBHOOK_SECRET + " must be set with " + WEBHOOK_URLS + ". " + e.getMessage()
          + ", e.g. whsec_$(head -c 32 /dev/urandom | base64)");
    }
    return stripped;
  }

  @Override
  public String toString() {
    // Neither the URLs (they may carry credentials) nor the secret.
    return "EventSettings[webhookUrls=" + webhookUrls.size() + ", retention=" + retention + ", retries=" + retries
        + "]";
  }
}
