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

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:h2:file:./data/customers | jdbc:h2:file:./data/customers;DB_CLOSE_ON_EXIT=FALSE",
      "jdbc:h2:./data/customers;MODE=PostgreSQL | jdbc:h2:./data/customers;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE",
      "jdbc:h2:mem:c;DB_CLOSE_DELAY=-1 | jdbc:h2:mem:c;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
      "jdbc:h2:file:./data/c;db_close_on_exit=true | jdbc:h2:file:./data/c;db_close_on_exit=true",
      "jdbc:h2:file:./data/c; DB_CLOSE_ON_EXIT = TRUE | jdbc:h2:file:./data/c; DB_CLOSE_ON_EXIT = TRUE",
      "jdbc:h2:tcp://db/customers | jdbc:h2:tcp://db/customers",
      "jdbc:h2:ssl://db/customers | jdbc:h2:ssl://db/customers",
      "jdbc:postgresql://db:5432/customers | jdbc:postgresql://db:5432/customers",
  })
  void embedded_h2_is_closed_by_the_pool_not_by_its_own_shutdown_hook_unless_the_url_says_otherwise(String url,
      String opened) {
    assertThat(JdbcUrls.closedByThePool(url)).isEqualTo(opened);
  }
}
