package dev.customers.server;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The server's webhooks on an H2 file, a fresh one per test. */
class WebhookDeliveryOnH2IT extends WebhookDeliveryTest {

  @TempDir
  Path data;

  @Override
  String url() {
    return "jdbc:h2:file:" + data.resolve("customers").toAbsolutePath();
  }

  @Override
  String user() {
    return "sa";
  }

  @Override
  String password() {
    return "";
  }
}
