package dev.customers.jdbi;

import dev.customers.domain.Address;
import dev.customers.domain.AddressId;
import dev.customers.domain.Customer;
import dev.customers.domain.CustomerId;
import dev.customers.domain.CustomerRepository.KeyedRequest;
import dev.customers.domain.IdempotencyKey;
import dev.customers.domain.Language;
import dev.customers.domain.events.CustomerCreated;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One save as the {@link H2Journal} keeps it: everything its statements wrote, so that it can be written again
 * with the same ids when the database lost it. {@code request} is null for a save without an idempotency key.
 */
record JournaledSave(Customer customer, CustomerCreated event, KeyedRequest request) {

  /** One journal record: the saves of one committed batch. */
  static byte[] encode(List<JournaledSave> saves) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 * saves.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(saves.size());
      for (JournaledSave save : saves) {
        save.write(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The saves of one record that {@link #encode} wrote. */
  static List<JournaledSave> decode(byte[] record) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
      int count = in.readInt();
      List<JournaledSave> saves = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        saves.add(read(in));
      }
      return saves;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(DataOutputStream out) throws IOException {
    out.writeLong(customer.id().orElseThrow().value());
    string(out, customer.email());
    string(out, customer.firstName());
    string(out, customer.lastName());
    optional(out, customer.phoneNumber());
    optional(out, customer.language().map(Language::code));
    out.writeBoolean(customer.acceptsMarketing());
    out.writeBoolean(customer.isBlocked());
    optional(out, customer.ip());
    optional(out, customer.userAgent());
    string(out, MetadataJson.write(customer.metadata()));
    out.writeInt(customer.tags().size());
    for (String tag : customer.tags()) {
      string(out, tag);
    }
    instant(out, customer.dateJoined());
    out.writeInt(customer.addresses().size());
    for (Address address : customer.addresses()) {
      out.writeLong(address.id().orElseThrow().value());
      for (var text : CreateStatements.ADDRESS_TEXT) {
        string(out, text.apply(address));
      }
      out.writeBoolean(address.isDefaultForBilling());
      out.writeBoolean(address.isDefaultForShipping());
    }
    out.writeLong(event.eventId().getMostSignificantBits());
    out.writeLong(event.eventId().getLeastSignificantBits());
    instant(out, event.occurredAt());
    out.writeBoolean(request != null);
    if (request != null) {
      string(out, request.key().owner());
      string(out, request.key().key());
      string(out, request.fingerprint());
      instant(out, request.receivedAt());
      instant(out, request.expiresAt());
    }
  }

  private static JournaledSave read(DataInputStream in) throws IOException {
    CustomerId id = CustomerId.of(in.readLong());
    Customer.Builder customer = Customer.builder()
        .id(id)
        .email(string(in))
        .firstName(string(in))
        .lastName(string(in))
        .phoneNumber(optional(in))
        .language(optional(in).map(Language::of))
        .acceptsMarketing(in.readBoolean())
        .isBlocked(in.readBoolean())
        .ip(optional(in))
        .userAgent(optional(in))
        .metadata(MetadataJson.read(string(in)));
    int tags = in.readInt();
    for (int i = 0; i < tags; i++) {
      customer.addTags(string(in));
    }
    customer.dateJoined(instant(in));
    int addresses = in.readInt();
    for (int i = 0; i < addresses; i++) {
      customer.addAddresses(Address.builder()
          .id(AddressId.of(in.readLong()))
          .country(string(in))
          .firstName(string(in))
          .lastName(string(in))
          .line1(string(in))
          .line2(string(in))
          .line3(string(in))
          .line4(string(in))
          .state(string(in))
          .postcode(string(in))
          .phoneNumber(string(in))
          .notes(string(in))
          .isDefaultForBilling(in.readBoolean())
          .isDefaultForShipping(in.readBoolean())
          .build());
    }
    CustomerCreated event = new CustomerCreated(new UUID(in.readLong(), in.readLong()), id, instant(in));
    KeyedRequest request = null;
    if (in.readBoolean()) {
      request = new KeyedRequest(new IdempotencyKey(string(in), string(in)), string(in), instant(in), instant(in));
    }
    return new JournaledSave(customer.build(), event, request);
  }

  /** Any length: DataOutputStream.writeUTF stops at 64 KiB. */
  private static void string(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String string(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void optional(DataOutputStream out, Optional<String> value) throws IOException {
    out.writeBoolean(value.isPresent());
    if (value.isPresent()) {
      string(out, value.get());
    }
  }

  private static Optional<String> optional(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(string(in)) : Optional.empty();
  }

  private static void instant(DataOutputStream out, Instant instant) throws IOException {
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
