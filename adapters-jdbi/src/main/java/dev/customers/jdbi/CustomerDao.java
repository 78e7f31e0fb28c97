package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.Customer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.QueryTimeOut;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The SQL of the repository. Where H2 and PostgreSQL differ (JSON input, the email key), the method is declared
 * here without SQL and each database's subinterface, {@link H2CustomerDao} or {@link PostgresCustomerDao}, gives it.
 */
interface CustomerDao {

  /** Inserts the customer row alone and answers its id; a taken email fails with SQLState 23505. */
  long insertCustomer(
      Customer customer, String language, String metadataJson, OffsetDateTime dateJoined);

  boolean emailTaken(String email);

  @SqlBatch("""
      insert into addresses (customer_id, position, country, first_name, last_name, line1, line2, line3, line4,
                             state, postcode, phone_number, notes, is_default_for_billing, is_default_for_shipping)
      values (:customerId, :position, :address.country, :address.firstName, :address.lastName, :address.line1,
              :address.line2, :address.line3, :address.line4, :address.state, :address.postcode,
              :address.phoneNumber, :address.notes, :address.isDefaultForBilling, :address.isDefaultForShipping)
      """)
  @GetGeneratedKeys("id")
  long[] insertAddresses(
      @Bind("customerId") long customerId,
      @Bind("position") List<Integer> positions,
      @BindMethods("address") List<Address> addresses);

  @SqlBatch("insert into tags (customer_id, position, tag) values (:customerId, :position, :tag)")
  void insertTags(
      @Bind("customerId") long customerId, @Bind("position") List<Integer> positions, @Bind("tag") List<String> tags);

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
