package dev.customers.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A token, known only by its SHA-256 hash, and what it may do. What is kept of it beyond this process (the owner
 * of its idempotency keys, its bucket of a shared rate limit) is a slow hash instead ({@link #atRest()}): a
 * database read by someone else does not let them test guesses of a weak token at SHA-256's speed.
 */
final class TokenGrant {

  private static final int ITERATIONS = 100_000;
  /** Fixed, so that every server of one database computes the same owner for a token. */
  private static final byte[] SALT = "dev.customers: a token at rest".getBytes(StandardCharsets.UTF_8);

  private final byte[] hash;
  private final Set<String> scopes;
  /** Computed on first use; a race computes it twice, to the same value. */
  private volatile byte[] atRest;

  TokenGrant(byte[] hash, Set<String> scopes) {
    this.hash = hash;
    this.scopes = scopes;
  }

  byte[] hash() {
    return hash;
  }

  Set<String> scopes() {
    return scopes;
  }

  /** 32 bytes of PBKDF2-HMAC-SHA256 over the token's SHA-256. */
  byte[] atRest() {
    byte[] computed = atRest;
    if (computed == null) {
      try {
        PBEKeySpec key = new PBEKeySpec(HexFormat.of().formatHex(hash).toCharArray(), SALT, ITERATIONS, 256);
        // PBKDF2 with HMAC-SHA256, in every JDK: slow on purpose, once per token and process.
        computed = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(key).getEncoded();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Every Java platform has PBKDF2WithHmacSHA256", e);
      }
      atRest = computed;
    }
    return computed;
  }

  /** Who owns what this token does, such as its idempotency keys: {@link #atRest()} in hex, never the token. */
  String owner() {
    return HexFormat.of().formatHex(atRest());
  }

  /** The SHA-256 of a token's UTF-8 bytes: all that is kept of it. */
  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
