package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.Customer;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.QueryTimeOut;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The reads of the repository, the same SQL on H2 and PostgreSQL; the create path is in {@link CreateStatements}. */
interface CustomerDao {

  /** The customer without addresses and tags: the builder takes them next. */
  @SqlQuery("""
      select id, email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked, ip,
             user_agent, metadata, date_joined
      from customers
      where id = :id
      """)
  Optional<Customer.Builder> findCustomer(@Bind("id") long id);

  @SqlQuery("""
      select id, country, first_name, last_name, line1, line2, line3, line4, state, postcode, phone_number, notes,
             is_default_for_billing, is_default_for_shipping
      from addresses
      where customer_id = :customerId
      order by position
      """)
  List<Address> findAddresses(@Bind("customerId") long customerId);

  @SqlQuery("select tag from tags where customer_id = :customerId order by position")
  List<String> findTags(@Bind("customerId") long customerId);

  @SqlQuery("select 1")
  @QueryTimeOut(1)
  int ping();
}
