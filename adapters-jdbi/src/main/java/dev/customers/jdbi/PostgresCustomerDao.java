package dev.customers.jdbi;

import dev.customers.domain.Customer;
import java.time.OffsetDateTime;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL that is PostgreSQL's own. */
interface PostgresCustomerDao extends CustomerDao {

  @Override
  @SqlUpdate("""
      insert into customers (email, first_name, last_name, phone_number, language, accepts_marketing, is_blocked,
                             ip, user_agent, metadata, date_joined)
      values (:customer.email, :customer.firstName, :customer.lastName, :customer.phoneNumber, :language,
              :customer.acceptsMarketing, :customer.isBlocked, :customer.ip, :customer.userAgent,
              cast(:metadata as jsonb), :dateJoined)
      """)
  @GetGeneratedKeys("id")
  long insertCustomer(
      @BindMethods("customer") Customer customer,
      @Bind("language") String language,
      @Bind("metadata") String metadataJson,
      @Bind("dateJoined") OffsetDateTime dateJoined);

  /** The same expression as the unique index, so that the index answers. */
  @Override
  @SqlQuery("select exists (select 1 from customers where lower(email) = lower(:email))")
  boolean emailTaken(@Bind("email") String email);
}
