package dev.customers.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a webhook, written from the Standard Webhooks specification and independent of the
 * server's code. The method between the markers is docs/webhooks.md's "how to verify a signature", character for
 * character: {@code WebhookDocsTest} keeps the two the same.
 */
final class SignatureVerifier {

  private SignatureVerifier() {}

  // --- docs example starts ---
  /** Whether a webhook is ours: the raw body as received, its webhook-* headers, your whsec_... secret. */
  static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body, Instant now)
      throws GeneralSecurityException {
    long sentAt;
    try {
      sentAt = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - sentAt) > 5 * 60) {
      return false; // more than 5 minutes old (or ahead): perhaps a replay
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)))
        .getBytes(StandardCharsets.US_ASCII);
    for (String signature : signatures.split(" ")) { // several, space-separated, while a secret is rotated
      if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }
  // --- docs example ends ---
}
