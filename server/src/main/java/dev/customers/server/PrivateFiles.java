package dev.customers.server;

import dev.customers.jdbi.DatabaseKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of an embedded H2 database hold every customer's personal data: its directory is made owner-only
 * (0700) before H2 creates anything in it, whatever the umask, and its files are made owner-only (0600) once H2 has
 * opened them. The files are changed by path ({@code chmod}), never opened: on Linux, closing any descriptor of a
 * file drops the POSIX lock H2 holds on it. On a file system without POSIX permissions nothing is changed.
 */
final class PrivateFiles {

  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS_READ = Set.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
  /** The path in a URL of H2's local file systems: a path, {@code file:}, {@code nio:}, {@code async:}, ... */
  private static final Pattern H2_FILE = Pattern.compile(
      "jdbc:h2:(?:(?:file|nio|async|niomapped):)?(?![a-z]{2,}:)([^;]+)(?:;.*)?", Pattern.CASE_INSENSITIVE);

  private PrivateFiles() {}

  /**
   * The database file's base path of an embedded H2 URL ({@code jdbc:h2:file:./data/customers} gives
   * {@code ./data/customers}); empty for anything else (in memory, a server, PostgreSQL).
   */
  static Optional<Path> h2Base(String url) {
    Matcher file = H2_FILE.matcher(url.strip());
    if (DatabaseKind.of(url).orElse(null) != DatabaseKind.H2_FILE || !file.matches()) {
      return Optional.empty();
    }
    String path = file.group(1).strip();
    if (path.startsWith("~")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    return Optional.of(Paths.get(path).toAbsolutePath().normalize());
  }

  /**
   * Before the database opens: makes its directory, owner-only, when it does not exist yet; answers a warning for
   * an existing directory that others may enter, and for each of the database's files in it that they may read.
   */
  static List<String> prepare(String url) {
    Optional<Path> base = h2Base(url);
    List<String> warnings = new ArrayList<>();
    if (base.isEmpty()) {
      return warnings;
    }
    Path directory = base.get().getParent();
    try {
      if (Files.notExists(directory)) {
        createOwnerOnly(directory);
        return warnings;
      }
      if (!readableByOthers(directory)) {
        // Nobody else can reach the files, whatever their own modes: they are made owner-only once open.
        return warnings;
      }
      warnings.add("the database's directory " + directory + " is readable by other users (" + mode(directory)
          + "); 0700 keeps them out of it");
      for (Path file : files(base.get())) {
        if (readableByOthers(file)) {
          warnings.add("the database file " + file + " was readable by other users (" + mode(file)
              + "); it is made owner-only now, but they may have read it");
        }
      }
    } catch (UnsupportedOperationException noPosixPermissions) {
      // Not a POSIX file system: its own access rules apply.
    }
    return warnings;
  }

  /** Once the database is open: every file of it owner-only (0600). */
  static void tighten(String url) {
    Optional<Path> base = h2Base(url);
    if (base.isEmpty()) {
      return;
    }
    try {
      for (Path file : files(base.get())) {
        Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
      }
    } catch (UnsupportedOperationException noPosixPermissions) {
      // Not a POSIX file system: its own access rules apply.
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make the database's files owner-only", e);
    }
  }

  /** The directories missing on the way to {@code directory}, each made owner-only whatever the umask. */
  private static void createOwnerOnly(Path directory) {
    try {
      Path parent = directory.getParent();
      if (parent != null && Files.notExists(parent)) {
        createOwnerOnly(parent);
      }
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      // The umask may have taken bits from the mode asked for; this sets it exactly.
      Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make the database's directory " + directory, e);
    }
  }

  /** The files H2 writes for the database at {@code base}: {@code customers.mv.db}, {@code .trace.db}... */
  private static List<Path> files(Path base) {
    String prefix = base.getFileName() + ".";
    try (Stream<Path> entries = Files.list(base.getParent())) {
      return entries.filter(path -> path.getFileName().toString().startsWith(prefix) && Files.isRegularFile(path))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list the database's directory", e);
    }
  }

  private static boolean readableByOthers(Path path) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      return permissions.stream().anyMatch(OTHERS_READ::contains);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String mode(Path path) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(path)).toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
