package dev.customers.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every URL of the table {@code database-urls.tsv} is read as the kind it names, whatever its case. */
class DatabaseKindTest {

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("urls")
  void a_url_is_read_as_its_kind(String url, String kind) {
    assertThat(DatabaseKind.of(url)).isEqualTo(
        kind.equals("NONE") ? Optional.empty() : Optional.of(DatabaseKind.valueOf(kind)));
  }

  static Stream<Arguments> urls() throws IOException {
    try (BufferedReader table = new BufferedReader(new InputStreamReader(
        DatabaseKindTest.class.getResourceAsStream("database-urls.tsv"), StandardCharsets.UTF_8))) {
      List<Arguments> rows = table.lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("\t", -1))
          .map(columns -> Arguments.of(columns[0], columns[1]))
          .toList();
      assertThat(rows).hasSizeGreaterThan(20);
      return rows.stream();
    }
  }
}
