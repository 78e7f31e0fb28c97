package dev.customers.http;

import dev.customers.domain.Customer;
import dev.customers.domain.FindCustomer;
import dev.customers.domain.events.CustomerCreated;
import dev.customers.domain.events.CustomerCreatedListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each {@code customer.created} event to every URL, signed per Standard Webhooks, all URLs at once. Delivered
 * when every URL answered 2xx within the timeout; otherwise it throws, and the relay tries every URL again later
 * under the same {@code webhook-id}. The log names a URL by its position and host only (URLs may carry
 * credentials) and never shows a body (personal data).
 */
final class Webhooks implements CustomerCreatedListener {

  static final String SECRET_PREFIX = "whsec_";
  /** As Standard Webhooks recommends: 24 to 64 random bytes. */
  static final int MIN_SECRET_BYTES = 24;
  static final String SECRET_RULE =
      SECRET_PREFIX + " followed by the base64 of at least " + MIN_SECRET_BYTES + " random bytes";
  static final String URL_RULE = "an absolute http:// or https:// URL with a host";
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  private static final String HMAC = "HmacSHA256";

  private final FindCustomer find;
  private final List<Target> targets;
  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration timeout;
  private final Json json = new Json();
  private final HttpClient client;
  /** One per relay thread: looking the algorithm up and keying it cost more than signing a body. */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  /** A URL without its user info, and the Authorization its user info asks for (null without). */
  private record Target(URI uri, String authorization, String name) {}

  Webhooks(FindCustomer find, List<URI> urls, String secret, Clock clock, Duration timeout) {
    this.find = Objects.requireNonNull(find, "find");
    this.key = new SecretKeySpec(key(secret), HMAC);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("At least one webhook URL");
    }
    List<Target> targets = new ArrayList<>(urls.size());
    for (int i = 0; i < urls.size(); i++) {
      targets.add(target(urls.get(i), i + 1));
    }
    this.targets = List.copyOf(targets);
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        // HTTP/1.1: on http:// URLs the JDK would otherwise ask every receiver to upgrade to h2c.
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The HMAC key of a {@code whsec_...} secret: the base64 after the prefix, at least 24 bytes. */
  static byte[] key(String secret) {
    Objects.requireNonNull(secret, "secret");
    byte[] key = null;
    if (secret.startsWith(SECRET_PREFIX)) {
      try {
        key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        // Not base64: refused below.
      }
    }
    if (key == null || key.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("A webhook secret is " + SECRET_RULE);
    }
    return key;
  }

  static boolean isUrl(URI url) {
    String scheme = url.getScheme();
    return url.isAbsolute() && url.getHost() != null
        && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
  }

  private static Target target(URI url, int position) {
    if (!isUrl(url)) {
      throw new IllegalArgumentException("Webhook URL " + position + " is not " + URL_RULE);
    }
    String name = "webhook " + position + " (" + url.getHost() + ")";
    if (url.getRawUserInfo() == null) {
      return new Target(url, null, name);
    }
    // https://user:password@host/... : sent as Basic authentication, as curl would; the JDK's client ignores it.
    String credentials = Base64.getEncoder().encodeToString(url.getUserInfo().getBytes(StandardCharsets.UTF_8));
    URI bare = URI.create(url.toString().replaceFirst("//" + Pattern.quote(url.getRawUserInfo()) + "@", "//"));
    return new Target(bare, "Basic " + credentials, name);
  }

  @Override
  public void onCustomerCreated(CustomerCreated event) throws WebhookFailedException, InterruptedException {
    Customer customer = find.find(event.customerId()).orElseThrow(() -> new IllegalStateException(
        "Customer " + event.customerId().value() + " of event " + event.eventId() + " is not stored"));
    byte[] body = json.write(body(event, customer));
    String id = event.eventId().toString();
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    String signature = "v1," + sign(id, timestamp, body);

    List<CompletableFuture<HttpResponse<Void>>> sent = new ArrayList<>(targets.size());
    for (Target target : targets) {
      HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
          .timeout(timeout)
          .header("Content-Type", Responses.JSON)
          .header("webhook-id", id)
          .header("webhook-timestamp", timestamp)
          .header("webhook-signature", signature)
          .POST(BodyPublishers.ofByteArray(body));
      if (target.authorization() != null) {
        request.header("Authorization", target.authorization());
      }
      sent.add(client.sendAsync(request.build(), BodyHandlers.discarding()));
    }

    List<String> failures = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (int i = 0; i < sent.size(); i++) {
        String failure = outcome(sent.get(i), deadline);
        if (failure != null) {
          failures.add(targets.get(i).name() + " " + failure);
        }
      }
    } finally {
      sent.forEach(exchange -> exchange.cancel(true));
    }
    if (!failures.isEmpty()) {
      String what = String.join("; ", failures);
      LOG.info("customer.created event {}: {}", id, what);
      throw new WebhookFailedException(what);
    }
  }

  /** Null when the URL answered 2xx by the deadline, else what went wrong (no URL, no body). */
  private static String outcome(CompletableFuture<HttpResponse<Void>> exchange, long deadline)
      throws InterruptedException {
    try {
      int status = exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).statusCode();
      return status / 100 == 2 ? null : "answered " + status;
    } catch (TimeoutException e) {
      return "did not answer in time";
    } catch (ExecutionException e) {
      return "failed: " + e.getCause().getClass().getSimpleName();
    }
  }

  /** As the contract has it: the envelope, then the User exactly as GET /api/admin/users/{id}/ answers it. */
  static Map<String, Object> body(CustomerCreated event, Customer customer) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("api_version", Responses.SUPPORTED_VERSION);
    body.put("event_id", event.eventId().toString());
    body.put("event_type", CustomerCreated.TYPE);
    body.put("object", "user");
    body.put("data", CustomerJson.of(customer));
    return body;
  }

  private String sign(String id, String timestamp, byte[] body) {
    Mac mac = macs.get();
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  /** A Mac keyed with the secret; doFinal resets it for the next body. */
  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java platform has HmacSHA256", e);
    }
  }

  /** Some URL did not answer 2xx: the relay tries them all again later. */
  static final class WebhookFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    WebhookFailedException(String message) {
      super(message);
    }
  }
}
