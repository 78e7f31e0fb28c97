package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tests' verifier (docs/webhooks.md's) against the Standard Webhooks specification's own example. */
class SignatureVerifierTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final String TIMESTAMP = "1614265330";
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final Instant SENT = Instant.ofEpochSecond(1614265330);

  @Test
  void accepts_the_specifications_example_within_five_minutes() throws Exception {
    assertThat(SignatureVerifier.verify(SECRET, ID, TIMESTAMP, SIGNATURE, BODY, SENT)).isTrue();
    assertThat(SignatureVerifier.verify(SECRET, ID, TIMESTAMP, SIGNATURE, BODY, SENT.plusSeconds(300))).isTrue();
    assertThat(SignatureVerifier.verify(SECRET, ID, TIMESTAMP, "v1,c29tZXRoaW5nIGVsc2U= " + SIGNATURE, BODY, SENT))
        .as("one of several signatures").isTrue();
  }

  @Test
  void refuses_a_changed_body_id_timestamp_secret_or_signature() throws Exception {
    String otherSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx";
    assertThat(SignatureVerifier.verify(SECRET, ID, TIMESTAMP, SIGNATURE,
        "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), SENT)).isFalse();
    assertThat(SignatureVerifier.verify(SECRET, ID + "x", TIMESTAMP, SIGNATURE, BODY, SENT)).isFalse();
    assertThat(SignatureVerifier.verify(SECRET, ID, "1614265331", SIGNATURE, BODY, SENT)).isFalse();
    assertThat(SignatureVerifier.verify(otherSecret, ID, TIMESTAMP, SIGNATURE, BODY, SENT)).isFalse();
    assertThat(SignatureVerifier.verify(SECRET, ID, TIMESTAMP, SIGNATURE.replace("v1,", "v2,"), BODY, SENT))
        .isFalse();
    assertThat(SignatureVerifier.verify(SECRET, ID, TIMESTAMP, "", BODY, SENT)).isFalse();
    assertThat(SignatureVerifier.verify(SECRET, ID, "soon", SIGNATURE, BODY, SENT)).isFalse();
  }

  @Test
  void refuses_a_timestamp_more_than_five_minutes_old_or_ahead() throws Exception {
    assertThat(SignatureVerifier.verify(SECRET, ID, TIMESTAMP, SIGNATURE, BODY, SENT.plusSeconds(301))).isFalse();
    assertThat(SignatureVerifier.verify(SECRET, ID, TIMESTAMP, SIGNATURE, BODY, SENT.minusSeconds(301))).isFalse();
  }
}
