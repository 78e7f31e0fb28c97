package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import java.sql.ResultSet;
import java.sql.SQLException;

/** An addresses row as an {@link Address} with its id. */
final class AddressRows {

  private AddressRows() {}

  static Address read(ResultSet row) throws SQLException {
    return Address.builder()
        .id(AddressId.of(row.getLong("id")))
        .country(row.getString("country"))
        .firstName(row.getString("first_name"))
        .lastName(row.getString("last_name"))
        .line1(row.getString("line1"))
        .line2(row.getString("line2"))
        .line3(row.getString("line3"))
        .line4(row.getString("line4"))
        .state(row.getString("state"))
        .postcode(row.getString("postcode"))
        .phoneNumber(row.getString("phone_number"))
        .notes(row.getString("notes"))
        .isDefaultForBilling(row.getBoolean("is_default_for_billing"))
        .isDefaultForShipping(row.getBoolean("is_default_for_shipping"))
        .build();
  }
}
