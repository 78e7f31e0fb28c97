package dev.customers.domain;

import java.util.Objects;

/**
 * A client's key for one create, with the identity it belongs to: the same key sent by two identities is two keys.
 * The owner is opaque to the domain (an adapter passes a hash of the caller's credentials, never the credentials);
 * the key is 1 to 255 printable ASCII characters, as the contract's {@code Idempotency-Key} header.
 */
public record IdempotencyKey(String owner, String key) {

  public static final int MAX_LENGTH = 255;
  public static final int OWNER_MAX_LENGTH = 128;

  public IdempotencyKey {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(key, "key");
    if (owner.isEmpty() || owner.length() > OWNER_MAX_LENGTH || !isPrintableAscii(owner)) {
      throw new IllegalArgumentException("An idempotency key's owner is 1 to 128 printable ASCII characters");
    }
    if (!isValidKey(key)) {
      throw new IllegalArgumentException("An idempotency key is 1 to 255 printable ASCII characters");
    }
  }

  /** Whether {@code key} may be a key: 1 to 255 printable ASCII characters (space to tilde). */
  public static boolean isValidKey(String key) {
    return key != null && !key.isEmpty() && key.length() <= MAX_LENGTH && isPrintableAscii(key);
  }

  private static boolean isPrintableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    // Keys may be chosen by clients from their own data: they stay out of logs.
    return "IdempotencyKey";
  }
}
