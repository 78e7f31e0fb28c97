package dev.customers.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JdbcUrlsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://db:5432/customers | jdbc:postgresql://db:5432/customers",
      "jdbc:postgresql://db/customers?user=shop&password=s3cret | jdbc:postgresql://db/customers?user=shop&password=***",
      "jdbc:postgresql://db/customers?password=s3cret&ssl=true | jdbc:postgresql://db/customers?password=***&ssl=true",
      "jdbc:postgresql://db/c?sslpassword=s3cret | jdbc:postgresql://db/c?sslpassword=***",
      "jdbc:postgresql://shop:s3cret@db/customers | jdbc:postgresql://shop:***@db/customers",
      "jdbc:h2:file:./data/customers;USER=sa;PASSWORD=s3cret;MODE=PostgreSQL | jdbc:h2:file:./data/customers;USER=sa;PASSWORD=***;MODE=PostgreSQL",
      "jdbc:h2:mem:customers | jdbc:h2:mem:customers",
  })
  void passwords_in_a_url_are_replaced_by_stars(String url, String shown) {
    assertThat(JdbcUrls.withoutPassword(url)).isEqualTo(shown);
  }
}
