package dev.customers.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every snippet between a "docs example starts" and a "docs example ends" marker comment in the examples' sources
 * is shown, as it is there, in the documentation: docs/embedding.md or the README. So what a reader copies is code
 * that compiles and whose test passes.
 */
class DocsShowTheExamplesTest {

  // Spelled in two parts, so that this file holds no marker of its own.
  private static final String STARTS = "// --- docs example " + "starts ---";
  private static final String ENDS = "// --- docs example " + "ends ---";
  private static final Path EXAMPLES = Path.of("..");

  @Test
  void every_marked_snippet_of_the_examples_is_in_the_docs_as_it_is_in_the_code() throws IOException {
    String docs = Files.readString(EXAMPLES.resolve("../docs/embedding.md"))
        + Files.readString(EXAMPLES.resolve("../README.md"));
    List<String> snippets = snippets();

    assertThat(snippets).hasSizeGreaterThanOrEqualTo(3);
    for (String snippet : snippets) {
      assertThat(docs).as("docs/embedding.md or README.md shows this snippet").contains(snippet);
    }
  }

  private static List<String> snippets() throws IOException {
    List<String> snippets = new ArrayList<>();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java"))
          .filter(path -> !path.toString().contains("/target")).toList()) {
        snippets.addAll(snippetsOf(read(file)));
      }
    }
    return snippets;
  }

  /** Each marked block, without the markers' own indentation, as a fenced block of its language. */
  static List<String> snippetsOf(String source) {
    List<String> snippets = new ArrayList<>();
    int from = 0;
    while (source.indexOf(STARTS, from) >= 0) {
      int marker = source.indexOf(STARTS, from);
      int indent = marker - (source.lastIndexOf('\n', marker) + 1);
      int start = source.indexOf('\n', marker) + 1;
      int endMarker = source.indexOf(ENDS, start);
      if (endMarker < 0) {
        throw new IllegalStateException("A docs example starts without an end: " + source.substring(marker, start));
      }
      int end = source.lastIndexOf('\n', endMarker) + 1;
      String block = source.substring(start, end).lines()
          .map(line -> line.length() >= indent ? line.substring(indent) : line.strip())
          .collect(Collectors.joining("\n", "", "\n"));
      snippets.add("```java\n" + block + "```");
      from = end;
    }
    return snippets;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
