package dev.customers.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/webhooks.md's "how to verify a signature" is the very method the tests' receiver checks every webhook with. */
class WebhookDocsTest {

  @Test
  void the_readmes_verifier_is_the_tests_verifier() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/customers/server/SignatureVerifier.java"));
    String method = source.substring(source.indexOf('\n', source.indexOf("// --- docs example starts ---")) + 1,
        source.indexOf("  // --- docs example ends ---"));
    String unindented = method.replaceAll("(?m)^  ", "");

    assertThat(unindented).contains("static boolean verify(", "MessageDigest.isEqual", "5 * 60");
    assertThat(Files.readString(Path.of("../docs/webhooks.md"))).contains("```java\n" + unindented + "```");
  }
}
