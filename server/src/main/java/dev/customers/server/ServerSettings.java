package dev.customers.server;

import static dev.customers.server.Variables.duration;
import static dev.customers.server.Variables.durationOrZero;
import static dev.customers.server.Variables.number;
import static dev.customers.server.Variables.text;

import dev.customers.domain.CreateCustomer;
import dev.customers.http.ApiSettings;
import dev.customers.http.ApiSettings.LogFormat;
import dev.customers.jdbi.DatabaseKind;
import dev.customers.jdbi.JdbiCustomerRepository.Durability;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server's configuration, read from the environment. Anything wrong stops the server at start with a message
 * that names the variable (and never shows a token or a password).
 *
 * @param refusalsPerSecond refusals of authentication, scope or version a second per client address, after a
 *     burst; 0: no limit
 * @param generatedToken the token made for this run when CUSTOMERS_TOKENS is not set, to be shown once
 * @param events where customer.created events go and how long they are kept
 * @param shutdownDrain how long a stop keeps serving, {@code /health} answering 503, before it stops taking
 *     connections
 * @param shutdownQuiet how long a stop then waits for a kept-alive client's next request
 * @param shutdownTimeout the longest a whole stop may take, drain included; then the process ends at once
 */
record ServerSettings(
    String host,
    int port,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    Durability databaseDurability,
    int requestsPerSecond,
    int refusalsPerSecond,
    Duration idempotencyTtl,
    LogFormat logFormat,
    Map<String, Set<String>> tokens,
    Optional<String> generatedToken,
    EventSettings events,
    Duration shutdownDrain,
    Duration shutdownQuiet,
    Duration shutdownTimeout) {

  static final String PORT = "CUSTOMERS_PORT";
  static final String HOST = "CUSTOMERS_HOST";
  static final String DB_URL = "CUSTOMERS_DB_URL";
  static final String DB_USER = "CUSTOMERS_DB_USER";
  static final String DB_PASSWORD = "CUSTOMERS_DB_PASSWORD";
  static final String DB_DURABILITY = "CUSTOMERS_DB_DURABILITY";
  static final String RATE_LIMIT = "CUSTOMERS_RATE_LIMIT";
  static final String REFUSAL_LIMIT = "CUSTOMERS_REFUSAL_LIMIT";
  static final String TOKENS = "CUSTOMERS_TOKENS";
  static final String IDEMPOTENCY_TTL = "CUSTOMERS_IDEMPOTENCY_TTL";
  static final String LOG_FORMAT = "CUSTOMERS_LOG_FORMAT";
  static final String SHUTDOWN_DRAIN = "CUSTOMERS_SHUTDOWN_DRAIN";
  static final String SHUTDOWN_QUIET = "CUSTOMERS_SHUTDOWN_QUIET";
  static final String SHUTDOWN_TIMEOUT = "CUSTOMERS_SHUTDOWN_TIMEOUT";

  /**
   * Time for a load balancer to see the 503 of /health and stop sending: a few of its health checks, or, in
   * Kubernetes, for the endpoint's removal to reach every node.
   */
  static final Duration DEFAULT_SHUTDOWN_DRAIN = Duration.ofSeconds(5);
  /** Under Kubernetes' default grace period of 30 s, so that the server ends the stop itself. */
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(25);

  /** An H2 file under the working directory: data survives restarts with no database to install. */
  static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/customers";
  private static final Set<String> GENERATED_TOKEN_SCOPES = Set.of("users:read", "users:write");
  /** Shorter tokens are warned about: a token of 32 random characters is beyond guessing, a word is not. */
  static final int STRONG_TOKEN_LENGTH = 32;
  /**
   * Settings of a JDBC URL that run code of the URL's author when the database opens: H2's INIT runs SQL (and with
   * CREATE ALIAS any Java), H2's listener and serializer and PostgreSQL's factories, verifiers and plugins
   * instantiate a class named in the URL.
   */
  private static final Set<String> CODE_RUNNING_URL_SETTINGS = Set.of("init", "database_event_listener",
      "java_object_serializer", "socketfactory", "sslfactory", "sslhostnameverifier", "sslpasswordcallback",
      "authenticationpluginclassname");

  ServerSettings {
    tokens = Map.copyOf(tokens);
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(shutdownDrain, "shutdownDrain");
    Objects.requireNonNull(shutdownQuiet, "shutdownQuiet");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
  }

  /** Thrown for a bad variable; its message is for the operator. */
  static final class InvalidSettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidSettingException(String message) {
      super(message);
    }
  }

  static ServerSettings from(Map<String, String> environment) {
    String host = text(environment, HOST, "127.0.0.1");
    if (host.isBlank()) {
      throw new InvalidSettingException(HOST + " must be a host name or address to listen on, got \"\"");
    }
    int port = number(environment, PORT, 8080, 1, 65535,
        PORT + " must be a number from 1 to 65535");
    String databaseUrl = text(environment, DB_URL, DEFAULT_DB_URL);
    Optional<DatabaseKind> kind = DatabaseKind.of(databaseUrl);
    if (kind.isEmpty()) {
      // Not echoed: a JDBC URL may carry a password.
      throw new InvalidSettingException(DB_URL + " must be a JDBC URL of H2 (jdbc:h2:...) or PostgreSQL "
          + "(jdbc:postgresql://...)");
    }
    refuseCodeRunningSettings(databaseUrl);
    String user = text(environment, DB_USER, kind.get().isH2() ? "sa" : "");
    String password = text(environment, DB_PASSWORD, "");
    Durability durability = switch (text(environment, DB_DURABILITY, "power-loss").strip()) {
      case "process-crash" -> Durability.PROCESS_CRASH;
      case "power-loss" -> Durability.POWER_LOSS;
      default -> throw new InvalidSettingException(DB_DURABILITY + " must be power-loss (the default: every answered "
          + "create is on the disk, and survives a power cut) or process-crash (in the file only: it survives a crash "
          + "of the server, not of the machine), got \"" + environment.get(DB_DURABILITY) + "\"");
    };
    int rateLimit = number(environment, RATE_LIMIT, ApiSettings.DEFAULT_REQUESTS_PER_SECOND, 0, Integer.MAX_VALUE,
        RATE_LIMIT + " must be a whole number of requests per second per token, 0 (no limit) or more");
    int refusalLimit = number(environment, REFUSAL_LIMIT, ApiSettings.DEFAULT_REFUSALS_PER_SECOND, 0,
        Integer.MAX_VALUE / 4, REFUSAL_LIMIT + " must be a whole number of refused requests (a wrong token, scope or "
            + "version) per second per client address, 0 (no limit) or more");
    Duration idempotencyTtl = duration(environment, IDEMPOTENCY_TTL, CreateCustomer.DEFAULT_KEY_TTL,
        IDEMPOTENCY_TTL + " must be a positive ISO-8601 duration such as PT24H or P7D");
    LogFormat logFormat = switch (text(environment, LOG_FORMAT, "plain").strip()) {
      case "plain" -> LogFormat.PLAIN;
      case "json" -> LogFormat.JSON;
      default -> throw new InvalidSettingException(LOG_FORMAT + " must be plain (the default) or json (one JSON "
          + "object per access-log line), got \"" + environment.get(LOG_FORMAT) + "\"");
    };

    EventSettings events = EventSettings.from(environment);
    Duration drain = durationOrZero(environment, SHUTDOWN_DRAIN, DEFAULT_SHUTDOWN_DRAIN,
        SHUTDOWN_DRAIN + " must be 0 or an ISO-8601 duration such as PT5S (how long a stop keeps serving while "
            + "/health answers 503)");
    Duration quiet = durationOrZero(environment, SHUTDOWN_QUIET, ApiSettings.DEFAULT_SHUTDOWN_QUIET,
        SHUTDOWN_QUIET + " must be 0 or an ISO-8601 duration such as PT2S (how long a stop waits for a kept-alive "
            + "client's next request)");
    Duration timeout = duration(environment, SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT,
        SHUTDOWN_TIMEOUT + " must be a positive ISO-8601 duration such as PT25S (the longest a stop may take)");
    if (timeout.compareTo(drain) <= 0) {
      throw new InvalidSettingException(SHUTDOWN_TIMEOUT + " (" + timeout + ") must be longer than "
          + SHUTDOWN_DRAIN + " (" + drain + "): the stop's bound includes the drain");
    }

    String configured = environment.get(TOKENS);
    if (configured == null || configured.isBlank()) {
      String token = randomToken();
      return new ServerSettings(host.strip(), port, databaseUrl, user, password, durability, rateLimit, refusalLimit,
          idempotencyTtl, logFormat, Map.of(token, GENERATED_TOKEN_SCOPES), Optional.of(token), events, drain,
          quiet, timeout);
    }
    return new ServerSettings(host.strip(), port, databaseUrl, user, password, durability, rateLimit, refusalLimit,
        idempotencyTtl, logFormat, tokens(configured), Optional.empty(), events, drain, quiet,
        timeout);
  }

  /**
   * What the operator should know at start, none of it a reason to refuse: tokens shorter than
   * {@value #STRONG_TOKEN_LENGTH} characters (existing set-ups keep working), webhooks sent in clear over the network.
   * Never a token.
   */
  List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    long weak = tokens.keySet().stream().filter(token -> token.length() < STRONG_TOKEN_LENGTH).count();
    if (weak > 0) {
      warnings.add(weak + " of the tokens in " + TOKENS + " " + (weak == 1 ? "is" : "are") + " shorter than "
          + STRONG_TOKEN_LENGTH + " characters, which can be guessed; use random ones, e.g. "
          + "$(head -c 32 /dev/urandom | base64 | tr -d '/+=')");
    }
    for (URI url : events.webhookUrls()) {
      if (url.getScheme().equalsIgnoreCase("http") && !isLoopback(url.getHost())) {
        warnings.add("a webhook URL sends customers' personal data in clear text to " + url.getHost()
            + " (http://); use https://");
      }
    }
    return warnings;
  }

  private static boolean isLoopback(String host) {
    String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
    return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]") || name.equals("::1");
  }

  /** Refuses a URL setting that runs code when the database opens; the message names it, not the URL. */
  private static void refuseCodeRunningSettings(String databaseUrl) {
    String[] parts = databaseUrl.split("[;?&]");
    for (int i = 1; i < parts.length; i++) {
      int equals = parts[i].indexOf('=');
      String name = (equals < 0 ? parts[i] : parts[i].substring(0, equals)).strip().toLowerCase(Locale.ROOT);
      if (CODE_RUNNING_URL_SETTINGS.contains(name)) {
        throw new InvalidSettingException(DB_URL + " must not set " + name.toUpperCase(Locale.ROOT) + ": it runs "
            + (name.equals("init") ? "SQL (and through CREATE ALIAS any Java)" : "a class named in the URL")
            + " each time the database opens. Prepare the database beforehand instead");
      }
    }
  }

  /** {@code TOKEN=SCOPE SCOPE..., TOKEN=SCOPE...}; entries are named by position in errors, never by token. */
  static Map<String, Set<String>> tokens(String configured) {
    Map<String, Set<String>> tokens = new LinkedHashMap<>();
    String[] entries = configured.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      String where = TOKENS + " entry " + (i + 1);
      int equals = entry.indexOf('=');
      if (equals < 0) {
        throw new InvalidSettingException(where + " must look like TOKEN=SCOPE SCOPE..., e.g. "
            + "\"s3cret=users:write users:read, ro=users:read\"");
      }
      String token = entry.substring(0, equals).strip();
      try {
        // The adapter's own check of a token.
        ApiSettings.builder().token(token, Set.of());
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(where + " has an empty token or one with spaces");
      }
      String scopeList = entry.substring(equals + 1).strip();
      if (scopeList.isEmpty()) {
        throw new InvalidSettingException(where + " has no scopes");
      }
      Set<String> scopes = Set.copyOf(Arrays.asList(scopeList.split("\\s+")));
      for (String scope : scopes) {
        if (!ApiSettings.SCOPES.contains(scope)) {
          throw new InvalidSettingException(where + " has the scope \"" + scope + "\"; the scopes are "
              + String.join(", ", ApiSettings.SCOPES).replaceFirst(", ([^,]+)$", " and $1"));
        }
      }
      if (tokens.put(token, scopes) != null) {
        throw new InvalidSettingException(where + " repeats a token of an earlier entry");
      }
    }
    return tokens;
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "ServerSettings[" + host + ":" + port + ", tokens=" + tokens.size() + ", rateLimit=" + requestsPerSecond
        + ", refusalLimit=" + refusalsPerSecond
        + ", idempotencyTtl=" + idempotencyTtl + ", " + events + ", shutdownDrain=" + shutdownDrain
        + ", shutdownQuiet=" + shutdownQuiet + ", shutdownTimeout=" + shutdownTimeout + "]";
  }
}
