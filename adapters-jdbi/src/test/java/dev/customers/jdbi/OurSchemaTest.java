package dev.customers.jdbi;

import static dev.customers.jdbi.TestDatabases.newDatabase;
import static dev.customers.jdbi.TestDatabases.ourTableExists;
import static dev.customers.jdbi.TestDatabases.tableExists;
import static dev.customers.testkit.Customers.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerRepository.SaveResult;
import dev.customers.jdbi.JdbiCustomerRepository.Migration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema of our tables, named by the embedder. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OurSchemaTest {

  @RegisterExtension
  static final TestPostgres postgres = new TestPostgres();

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_schema_named_by_the_embedder_holds_every_table_and_the_history(Dialect dialect) throws Exception {
    try (HikariDataSource database = newDatabase(dialect, postgres)) {
      Customer saved;
      try (JdbiCustomerRepository repository = JdbiCustomerRepository.over(database, Migration.ON_OPEN, "shop_crm")) {
        saved = ((SaveResult.Saved) repository.save(aCustomer().build())).customer();
        Instant now = Instant.now();
        assertThat(repository.claimDue(now, now.plusSeconds(60), 10)).hasSize(1);
      }
      JdbiCustomerRepository.migrate(database, "shop_crm");
      try (JdbiCustomerRepository again = JdbiCustomerRepository.over(database, Migration.BY_CALLER, "shop_crm")) {
        assertThat(again.findById(saved.id().orElseThrow())).contains(saved);
      }

      try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
          ResultSet count = statement.executeQuery("select count(*) from shop_crm.customers")) {
        count.next();
        assertThat(count.getLong(1)).isEqualTo(1);
      }
      assertThat(ourTableExists(database, "customers")).as("in the default one, " + OurSchema.DEFAULT).isFalse();
      assertThat(tableExists(database, Schema.HISTORY_TABLE)).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Customers", "1customers", "shop-crm", "shop crm", "a\"b", "x;drop table orders"})
  void a_name_that_is_not_an_identifier_in_lower_case_is_refused(String name) {
    assertThatThrownBy(() -> new OurSchema(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an SQL identifier in lower case");
  }

  @Test
  void the_name_is_stored_as_each_database_folds_it() {
    assertThat(new OurSchema("shop_crm").stored(Dialect.H2)).isEqualTo("SHOP_CRM");
    assertThat(new OurSchema("shop_crm").stored(Dialect.POSTGRESQL)).isEqualTo("shop_crm");
    assertThat(new OurSchema("shop_crm").qualify("select 1 from <schema>.customers"))
        .isEqualTo("select 1 from shop_crm.customers");
  }
}
