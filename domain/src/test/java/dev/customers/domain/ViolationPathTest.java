package dev.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.customers.domain.Violation.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ViolationPathTest {

  @Test
  void a_path_is_written_as_the_contract_writes_it_and_read_back_from_that() {
    Path whole = Path.WHOLE;
    Path email = Path.of("email");
    Path tag = Path.of("tags").item(2);
    Path country = Path.of("addresses").item(1).field("country");

    assertThat(whole).hasToString(Violation.WHOLE_REQUEST);
    assertThat(email).hasToString("email");
    assertThat(tag).hasToString("tags[2]");
    assertThat(country).hasToString("addresses[1].country");
    for (Path path : new Path[] {whole, email, tag, country}) {
      assertThat(Path.parse(path.toString())).isEqualTo(path);
    }
  }

  @Test
  void the_parts_are_there_for_an_adapter_to_read() {
    Path country = Path.parse("addresses[1].country");

    assertThat(country.field()).isEqualTo("addresses");
    assertThat(country.index()).isEqualTo(OptionalInt.of(1));
    assertThat(country.itemField()).isEqualTo(Optional.of("country"));
    assertThat(Path.WHOLE.isWholeRequest()).isTrue();
    assertThat(new Violation(country, "required", "This field is required.").path())
        .isEqualTo("addresses[1].country");
  }

  @Test
  void what_is_not_a_path_is_refused() {
    assertThatIllegalArgumentException().isThrownBy(() -> Path.parse("addresses[x]"));
    assertThatIllegalArgumentException().isThrownBy(() -> Path.parse("a.b.c"));
    assertThatIllegalArgumentException().isThrownBy(() -> Path.WHOLE.item(0));
  }
}
