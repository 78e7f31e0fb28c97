package dev.customers.jdbi;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL of a test's own, for tests of what happens when the database goes away: it can be stopped
 * and started again as itself (one data directory, one port), or made to hang. Never the shared server of
 * {@link TestPostgres}, nor one named by {@code customers.test.postgres.url}: stopping either would break other
 * tests.
 */
public final class StoppablePostgres implements AutoCloseable {

  private final Path directory;
  private final int port;
  private EmbeddedPostgres running;

  private StoppablePostgres(Path directory) {
    this.directory = directory;
    this.port = freePort();
  }

  /** A server started with its data in {@code directory} (a test's temporary directory). */
  public static StoppablePostgres startedIn(Path directory) throws IOException {
    StoppablePostgres postgres = new StoppablePostgres(directory);
    postgres.start();
    return postgres;
  }

  /** Starts the server again, on its data and port; a client's URL stays valid. */
  public void start() throws IOException {
    Files.createDirectories(directory);
    running = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false).setPort(port)
        .start();
  }

  /** Stops the server, as if the database went away. */
  public void stop() throws IOException {
    running.close();
    running = null;
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String user() {
    return "postgres";
  }

  public String password() {
    return "";
  }

  /** SIGSTOP (or SIGCONT) to the postmaster and its backends: a database that hangs with connections open. */
  public void signal(String signal) throws IOException, InterruptedException {
    long postmaster = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim());
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(postmaster)));
    ProcessHandle.of(postmaster).orElseThrow().descendants()
        .forEach(child -> command.add(Long.toString(child.pid())));
    if (!new ProcessBuilder(command).inheritIO().start().waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("kill -" + signal + " did not end within 10 s");
    }
  }

  @Override
  public void close() throws IOException {
    if (running != null) {
      stop();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
