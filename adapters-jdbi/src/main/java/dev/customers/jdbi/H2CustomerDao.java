package dev.customers.jdbi;

import dev.customers.domain.Customer;
import java.time.OffsetDateTime;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL that is H2's own. */
interface H2CustomerDao extends CustomerDao {

  /** Without {@code FORMAT JSON}, H2 would store the text as one JSON string instead of parsing it. */
  @Override
  @SqlUpdate("""
      insert into customers (email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,
                             ip, user_agent, metadata, date_joined)
      values (:customer.email, :customer.firstName, :customer.lastName, :customer.phoneNumber, :language,
              :customer.acceptsMarketing, :customer.isBlocked, :customer.ip, :customer.userAgent,
              :metadata format json, :dateJoined)
      """)
  @GetGeneratedKeys("id")
  long insertCustomer(
      @BindMethods("customer") Customer customer,
      @Bind("language") String language,
      @Bind("metadata") String metadataJson,
      @Bind("dateJoined") OffsetDateTime dateJoined);

  @Override
  @SqlQuery("select exists (select 1 from customers where email_key = lower(:email))")
  boolean emailTaken(@Bind("email") String email);
}
