package dev.customers.http;

import dev.customers.domain.NewCustomer.NotJson;
import dev.customers.domain.NewCustomer;
import dev.customers.http.RequestRejected.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Promise;

/**
 * Form and multipart bodies, already read, as raw values for the domain, decoded as UTF-8 whatever a part declares:
 * flat text fields, {@code tags} from repeated keys, {@code metadata} and {@code addresses} from JSON text (as a
 * {@link NotJson} when the text is not JSON, for the domain to report).
 */
final class FormFields {

  /** The fields a form carries as JSON text, since a flat form cannot nest. */
  private static final Set<String> JSON_TEXT_FIELDS = Set.of("metadata", "addresses");
  /** A form sends a list as repeated keys. */
  private static final String LIST_FIELD = "tags";
  /** As in DRF, an empty boolean form field is not sent: an HTML checkbox left empty means the default. */
  private static final Set<String> BOOLEAN_FIELDS = Set.of("accepts_marketing", "is_blocked");
  private static final int MAX_PARTS = 1000;

  private final Json json;
  private final int maxBodyBytes;

  FormFields(Json json, int maxBodyBytes) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** An application/x-www-form-urlencoded body. */
  NewCustomer urlencoded(byte[] body) {
    return command(formFields(body));
  }

  /**
   * A multipart/form-data body.
   *
   * @throws RequestRejected MULTIPART_PARSE_ERROR for a body that is not multipart
   */
  NewCustomer multipart(byte[] body, String contentType) {
    return command(multipartFields(body, contentType));
  }

  /** Flat fields to raw values: the last of repeated keys (as Django's QueryDict), all of them for tags. */
  private NewCustomer command(Map<String, List<String>> form) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> entry : form.entrySet()) {
      String name = entry.getKey();
      List<String> values = entry.getValue();
      String last = values.get(values.size() - 1);
      if (name.equals(LIST_FIELD)) {
        fields.put(name, List.copyOf(values));
      } else if (JSON_TEXT_FIELDS.contains(name)) {
        if (last.isBlank()) {
          // An empty form field means nothing sent: no metadata, no addresses.
          fields.put(name, name.equals("metadata") ? null : List.of());
        } else {
          // The text "null" is the value null: not a Value missing.
          Optional<Json.Value> parsed = json.readIfValid(last);
          fields.put(name, parsed.isPresent() ? parsed.get().value() : new NotJson(last));
        }
      } else if (!(BOOLEAN_FIELDS.contains(name) && last.isEmpty())) {
        fields.put(name, last);
      }
    }
    return NewCustomer.of(fields);
  }

  /** application/x-www-form-urlencoded, decoded leniently as Django does: a stray % stays a %. */
  private static Map<String, List<String>> formFields(byte[] body) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.ISO_8859_1);
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      fields.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    return fields;
  }

  private static String decode(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%' && i + 2 < encoded.length() && isHex(encoded.charAt(i + 1)) && isHex(encoded.charAt(i + 2))) {
        bytes.write(Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    // Malformed UTF-8 becomes U+FFFD, as Django's decoding with errors="replace".
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 128;
  }

  /** The text parts of multipart/form-data, in order; file parts are not fields of a customer and are skipped. */
  private Map<String, List<String>> multipartFields(byte[] body, String contentType) {
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null || boundary.isEmpty()) {
      throw new RequestRejected(Reason.MULTIPART_PARSE_ERROR, "Invalid boundary in multipart: None");
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    parser.setMaxLength(maxBodyBytes);
    parser.setMaxMemoryFileSize(maxBodyBytes);
    parser.setMaxParts(MAX_PARTS);
    parser.setUseFilesForPartsWithoutFileName(false);
    Map<String, List<String>> fields = new LinkedHashMap<>();
    // The whole body is in memory, so parsing completes before join() is reached.
    CompletableFuture<MultiPartFormData.Parts> parsed = new CompletableFuture<>();
    parser.parse(Content.Source.from(ByteBuffer.wrap(body)), Promise.Invocable.toPromise(parsed));
    try (MultiPartFormData.Parts parts = parsed.join()) {
      for (MultiPart.Part part : parts) {
        if (part.getFileName() == null && part.getName() != null) {
          fields.computeIfAbsent(part.getName(), key -> new ArrayList<>()).add(utf8(part));
        }
      }
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new RequestRejected(Reason.MULTIPART_PARSE_ERROR, String.valueOf(cause.getMessage()));
    }
    return fields;
  }

  /**
   * A part's text, read as UTF-8 whatever charset it declares (as every body here): Jetty's own reading follows the
   * declared charset and fails on an unknown one or on bytes it cannot decode. Bytes that are not UTF-8 become
   * U+FFFD, as Django's decoding with errors="replace", and the rules then judge the field.
   */
  private static String utf8(MultiPart.Part part) {
    try {
      ByteBuffer content = Content.Source.asByteBuffer(part.createContentSource());
      return StandardCharsets.UTF_8.decode(content).toString();
    } catch (IOException | RuntimeException unreadable) {
      throw new RequestRejected(Reason.MULTIPART_PARSE_ERROR, "the content of part \"" + part.getName()
          + "\" cannot be read");
    }
  }
}
