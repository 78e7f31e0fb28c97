package dev.customers.jdbi;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** {@link CrashingWriter} in a JVM of its own, on this test's class path, its errors in a log in {@code directory}. */
final class ChildJvm {

  private ChildJvm() {}

  static Process start(Path directory, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classPath(),
        CrashingWriter.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectError(Redirect.appendTo(directory.resolve("child-" + args[0] + ".log").toFile()))
        .start();
  }

  /** This JVM's class path, with another H2 jar when one is asked for ({@code -Dcustomers.test.h2.jar}). */
  private static String classPath() {
    String h2 = System.getProperty("customers.test.h2.jar", "");
    // Surefire starts tests from a jar that only names the class path; it passes the real one in this property.
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    if (h2.isEmpty()) {
      return path;
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .map(entry -> Path.of(entry).getFileName().toString().matches("h2-[0-9.]+\\.jar") ? h2 : entry)
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Reads {@code in} to its end into {@code out}, for a thread of its own. */
  static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
