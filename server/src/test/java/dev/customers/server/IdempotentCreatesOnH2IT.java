package dev.customers.server;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The safe-retries contract on an H2 file, the server's default. */
class IdempotentCreatesOnH2IT extends IdempotentCreatesTest {

  @TempDir
  static Path data;

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

  /** H2 waits for a held key up to its lock timeout, then says so. */
  @Override
  boolean givesUpOnAHeldKey() {
    return true;
  }
}
