package dev.customers.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile create bodies: JSON with wrong types in every field, nulls everywhere, nesting
 * 10,000 levels deep, strings of 1 MiB, invalid UTF-8, lone surrogates, duplicate keys, NaN and huge numbers,
 * zero-width and right-to-left characters, SQL and HTML injection; the same values in urlencoded and multipart
 * forms; bytes mutated at random; media types the API does not take. Body {@code index} of a seed is always the
 * same bytes, so a failure is replayed from the pair alone.
 */
final class FuzzBodies {

  static final String JSON = "application/json";
  static final String FORM = "application/x-www-form-urlencoded";
  static final int MIB = 1024 * 1024;

  /** One body to send; {@code contentType} null means no Content-Type header. */
  record Body(String contentType, byte[] bytes, String description) {}

  private static final String[] FIELDS = {"email", "first_name", "last_name", "phone_number", "language",
      "accepts_marketing", "is_blocked", "ip", "user_agent", "metadata", "tags", "addresses"};
  private static final String[] EXTRA_FIELDS = {"id", "date_joined", "orders_count", "subscriptions_count",
      "total_spent", "user_type", "__proto__", "constructor", "", "EMAIL", "email ", "e\u0000mail", "\u202eliame"};
  private static final String[] ADDRESS_FIELDS = {"country", "first_name", "last_name", "line1", "line2", "line3",
      "line4", "state", "postcode", "phone_number", "notes", "is_default_for_billing", "is_default_for_shipping"};
  private static final String[] HOSTILE_TEXT = {
      "", " ", "\t\n", "x", "Jane", "J\u00f6rg \u00c5ngstr\u00f6m", "\u674e\u5c0f\u9f99", "\ud83d\ude00\ud83c\udff3\ufe0f\u200d\ud83c\udf08",
      "zero\u200bwidth\u200c\u200d\ufeff", "\u202eevil\u202c", "\u200fright\u200e-to-left \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
      "e\u0301\u0301\u0301\u0301", "'; drop table customers; --", "' or '1'='1", "\" or \"\"=\"", "1; select pg_sleep(10)",
      "Robert'); DROP TABLE tags;--", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt;&amp;",
      "${jndi:ldap://127.0.0.1/x}", "%s%s%n%x", "../../etc/passwd", "\r\nSet-Cookie: x=y", "line\nbreak",
      "nul\u0000byte", "\u0001\u0007\u001b[31m", "\\", "\\u0000", "null", "true", "0", "NaN", "\ufffd", "\uffff",
      "\u0085\u2028\u2029", "a".repeat(255), "b".repeat(256), "c".repeat(5000)};
  private static final String[] COUNTRIES = {"DE", "de", " us ", "FI", "ZZ", "", "D", "DEU", "\u0130T", "xk", "EU"};
  private static final String[] PHONES = {"+1 415 555 2671", "+49 30 901820", "+441632960961", "030 901820",
      "+1", "+999999999999999", "++1 415", "tel:+14155552671", "\uff0b\uff11\u0034\u0031\u0035\u0035\u0035\u0035\u0032\u0036\u0037\u0031"};
  private static final String[] IPS = {"127.0.0.1", "::1", "2001:db8::1", "::ffff:10.0.0.1", "256.1.1.1",
      "01.2.3.4", "1.2.3", "fe80::1%eth0", "1.2.3.4/24", "localhost"};
  private static final String[] LANGUAGES = {"en", "de", "FR", "xx", "", "e n", "en-US", "\u0131t"};
  private static final String[] BOOLEANS = {"true", "false", "yes", "no", "on", "off", "1", "0", "t", "TRUE",
      "maybe", "", " true"};
  private static final String[] NUMBERS = {"0", "-0", "1", "-1", "1.0", "1.50", "0.1", "-0.0", "2147483648",
      "9223372036854775808", "18446744073709551616", "1e308", "1e309", "-1e309", "1e-400", "4.9e-324", "1E400",
      "1e999999999", "-1e999999999", "1e-999999999", "1e131072", "1e-16384", "1e1001", "1e-1001",
      "123456789012345678901234567890e-20000"};
  /** Tokens no JSON parser should take. */
  private static final String[] BAD_TOKENS = {"NaN", "Infinity", "-Infinity", "+1", "01", ".5", "5.", "0x10",
      "1e", "--1", "undefined", "True", "nul", "'single'", "\"unterminated", "1_000"};

  private final long seed;

  FuzzBodies(long seed) {
    this.seed = seed;
  }

  /**
   * Bodies that once broke the API, sent before the random ones: each answered 500, or answered 201 for a customer
   * that then could not be read back.
   */
  static List<Body> regressions() {
    List<Body> bodies = new ArrayList<>();
    int n = 0;
    for (String number : new String[] {"1e999999999", "-1e999999999", "1e-999999999", "0e999999999", "1e131072",
        "1e-16384", "123456789012345678901234567890e-20000", "1e1000", "1e999", "1e-1000", "1e-1001", "-1e-999"}) {
      bodies.add(regression(JSON, "{\"email\":\"regression-" + n++ + "@example.com\",\"metadata\":{\"n\":"
          + number + ",\"list\":[" + number + "]}}", "metadata number " + number));
    }
    for (String open : new String[] {"[", "{\"a\":"}) {
      for (int depth : new int[] {999, 1000, 1001}) {
        String close = open.equals("[") ? "]" : "}";
        String json = open.repeat(depth) + "1" + close.repeat(depth);
        if (open.equals("[")) {
          json = "{\"a\":" + open.repeat(depth - 1) + "1" + close.repeat(depth - 1) + "}";
        }
        bodies.add(regression(FORM, "email=regression-" + n++ + "%40example.com&metadata="
            + java.net.URLEncoder.encode(json, StandardCharsets.UTF_8), "form metadata " + depth + " deep"));
      }
    }
    bodies.add(regression(JSON, "{\"email\":\"regression-" + n++ + "@example.com\",\"metadata\":{\"a\":"
        + "[".repeat(10_000) + "]".repeat(10_000) + "}}", "metadata 10,000 deep"));
    bodies.add(regression(JSON, "{\"email\":\"regression-" + n++ + "@example.com\",\"language\":[\"\\ud800\"],"
        + "\"addresses\":[{\"country\":[\"\\udc00\"],\"line1\":\"x\",\"line4\":\"y\"}]}", "lone surrogates quoted"));
    return bodies;
  }

  private static Body regression(String contentType, String body, String description) {
    return new Body(contentType, body.getBytes(StandardCharsets.UTF_8), "regression: " + description);
  }

  /** Body {@code index} of this seed. */
  Body body(long index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    Generation g = new Generation(random, index);
    int kind = random.nextInt(100);
    if (kind < 58) {
      return g.json();
    } else if (kind < 66) {
      return g.mutated();
    } else if (kind < 76) {
      return g.form();
    } else if (kind < 83) {
      return g.multipart();
    } else if (kind < 89) {
      return g.notAnObject();
    } else if (kind < 95) {
      return g.otherMediaType();
    }
    return g.huge();
  }

  /** The state of one body's generation. */
  private final class Generation {
    private final SplittableRandom random;
    private final long index;
    private final List<String> notes = new ArrayList<>();

    Generation(SplittableRandom random, long index) {
      this.random = random;
      this.index = index;
    }

    private boolean chance(int percent) {
      return random.nextInt(100) < percent;
    }

    private <T> T pick(T[] values) {
      return values[random.nextInt(values.length)];
    }

    private String uniqueEmail() {
      return "fuzz-" + Long.toHexString(seed) + "-" + index + "@example.com";
    }

    private Body body(String contentType, byte[] bytes, String kind) {
      return new Body(contentType, bytes, "seed=" + seed + " index=" + index + " " + kind + " " + notes);
    }

    // JSON

    Body json() {
      Out out = new Out();
      writeCustomer(out, chance(70));
      return body(chance(95) ? JSON : pick(new String[] {"application/json; charset=utf-8", "APPLICATION/JSON",
          "application/json; charset=iso-8859-1"}), out.bytes(), "json");
    }

    /** An object of customer fields; {@code mostlyValid} keeps most values plausible so some bodies pass. */
    private void writeCustomer(Out out, boolean mostlyValid) {
      out.raw("{");
      List<String> fields = new ArrayList<>();
      fields.add("email");
      for (String field : FIELDS) {
        if (!field.equals("email") && chance(40)) {
          fields.add(field);
        }
      }
      if (!mostlyValid && chance(20)) {
        fields.remove("email");
      }
      if (chance(15)) {
        fields.add(pick(EXTRA_FIELDS));
      }
      if (chance(4)) {
        fields.add(fields.get(random.nextInt(fields.size())));
        notes.add("duplicate key");
      }
      boolean first = true;
      for (String field : fields) {
        if (!first) {
          out.raw(",");
        }
        first = false;
        out.string(field);
        out.raw(chance(10) ? " : " : ":");
        boolean hostile = !mostlyValid || chance(15);
        if (hostile) {
          notes.add("hostile " + field);
        }
        writeField(out, field, hostile);
      }
      out.raw("}");
    }

    private void writeField(Out out, String field, boolean hostile) {
      if (hostile) {
        writeHostile(out, 0);
        return;
      }
      switch (field) {
        case "email" -> out.string(chance(90) ? uniqueEmail() : uniqueEmail().toUpperCase());
        case "phone_number" -> out.string(pick(PHONES));
        case "language" -> out.string(pick(LANGUAGES));
        case "accepts_marketing", "is_blocked" -> {
          if (chance(50)) {
            out.raw(random.nextBoolean() ? "true" : "false");
          } else {
            out.string(pick(BOOLEANS));
          }
        }
        case "ip" -> out.string(pick(IPS));
        case "user_agent" -> out.string(chance(3) ? "u".repeat(200_000 + random.nextInt(600_000)) : text());
        case "metadata" -> writeMetadata(out);
        case "tags" -> {
          out.raw("[");
          int count = chance(3) ? 251 : random.nextInt(6);
          for (int i = 0; i < count; i++) {
            if (i > 0) {
              out.raw(",");
            }
            out.string(chance(80) ? "tag-" + random.nextInt(20) : text());
          }
          out.raw("]");
        }
        case "addresses" -> {
          out.raw("[");
          int count = chance(2) ? 51 : random.nextInt(4);
          for (int i = 0; i < count; i++) {
            if (i > 0) {
              out.raw(",");
            }
            writeAddress(out);
          }
          out.raw("]");
        }
        default -> out.string(text());
      }
    }

    private void writeAddress(Out out) {
      out.raw("{");
      boolean first = true;
      for (String field : ADDRESS_FIELDS) {
        boolean required = field.equals("country") || field.equals("line1") || field.equals("line4");
        if (required ? chance(95) : chance(35)) {
          if (!first) {
            out.raw(",");
          }
          first = false;
          out.string(field);
          out.raw(":");
          if (chance(10)) {
            writeHostile(out, 2);
          } else if (field.equals("country")) {
            out.string(pick(COUNTRIES));
          } else if (field.startsWith("is_default")) {
            out.raw(random.nextBoolean() ? "true" : "false");
          } else if (field.equals("phone_number")) {
            out.string(pick(PHONES));
          } else if (field.equals("notes") && chance(5)) {
            out.string("n".repeat(100_000 + random.nextInt(400_000)));
          } else {
            out.string(required ? "Street " + random.nextInt(100) : text());
          }
        }
      }
      out.raw("}");
    }

    private void writeMetadata(Out out) {
      int shape = random.nextInt(10);
      if (shape < 5) {
        out.raw("{");
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
          if (i > 0) {
            out.raw(",");
          }
          out.string(chance(70) ? "k" + i : text() + i);
          out.raw(":");
          writeJsonValue(out, 1);
        }
        out.raw("}");
      } else if (shape < 7) {
        // Nesting close to the parser's limit, or far beyond it.
        int depth = pick(new Integer[] {10, 900, 997, 998, 999, 1000, 1001, 10_000});
        notes.add("metadata depth " + depth);
        out.raw("{\"deep\":");
        deep(out, depth, random.nextBoolean());
        out.raw("}");
      } else if (shape < 8) {
        String number = pick(NUMBERS);
        notes.add("metadata number " + number);
        out.raw("{\"n\":" + number + "}");
      } else if (shape < 9) {
        out.raw("{\"s\":");
        out.string(pick(HOSTILE_TEXT));
        out.raw("}");
      } else {
        writeHostile(out, 1);
      }
    }

    /** Nested arrays or objects {@code depth} levels deep, written without recursion. */
    private void deep(Out out, int depth, boolean arrays) {
      StringBuilder open = new StringBuilder(depth * 5);
      StringBuilder close = new StringBuilder(depth);
      for (int i = 0; i < depth; i++) {
        open.append(arrays ? "[" : "{\"a\":");
        close.append(arrays ? "]" : "}");
      }
      out.raw(open + "1" + close);
    }

    private void writeJsonValue(Out out, int depth) {
      int kind = random.nextInt(depth > 4 ? 6 : 8);
      switch (kind) {
        case 0 -> out.raw("null");
        case 1 -> out.raw(random.nextBoolean() ? "true" : "false");
        case 2, 3 -> out.raw(pick(NUMBERS));
        case 4, 5 -> out.string(text());
        case 6 -> {
          out.raw("[");
          int count = random.nextInt(4);
          for (int i = 0; i < count; i++) {
            if (i > 0) {
              out.raw(",");
            }
            writeJsonValue(out, depth + 1);
          }
          out.raw("]");
        }
        default -> {
          out.raw("{");
          int count = random.nextInt(4);
          for (int i = 0; i < count; i++) {
            if (i > 0) {
              out.raw(",");
            }
            out.string("k" + i);
            out.raw(":");
            writeJsonValue(out, depth + 1);
          }
          out.raw("}");
        }
      }
    }

    /** Anything at all where a field's value belongs: wrong types, nulls, bad tokens, broken text. */
    private void writeHostile(Out out, int depth) {
      int kind = random.nextInt(16);
      switch (kind) {
        case 0, 1 -> out.raw("null");
        case 2 -> out.raw(pick(new String[] {"true", "false", "0", "1", "-1", "1.5", "[]", "{}", "[null]",
            "{\"a\":null}", "[[]]", "\"\""}));
        case 3 -> out.raw(pick(NUMBERS));
        case 4 -> {
          out.raw(pick(BAD_TOKENS));
          notes.add("bad token");
        }
        case 5 -> out.string(pick(HOSTILE_TEXT));
        case 6 -> {
          // A lone surrogate, escaped or as the (invalid) UTF-8 of a surrogate code point.
          if (random.nextBoolean()) {
            out.raw("\"x" + pick(new String[] {"\\ud800", "\\udfff", "\\ud83d", "\\ude00x", "\\udc00\\ud800"})
                + "\"");
          } else {
            out.raw("\"x");
            out.bytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            out.raw("\"");
          }
          notes.add("lone surrogate");
        }
        case 7 -> {
          // Bytes that are not UTF-8: overlong, truncated, stray continuation, Latin-1.
          out.raw("\"");
          out.bytes(pick(new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82},
              {(byte) 0x80}, {(byte) 0xE9}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
              {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}}));
          out.raw("\"");
          notes.add("invalid utf-8");
        }
        case 8 -> {
          int depth10k = pick(new Integer[] {999, 1000, 1001, 10_000});
          notes.add("nesting " + depth10k);
          deep(out, depth10k, random.nextBoolean());
        }
        case 9 -> {
          out.raw("[");
          int count = random.nextInt(5);
          for (int i = 0; i < count; i++) {
            if (i > 0) {
              out.raw(",");
            }
            if (depth < 3 && chance(50)) {
              writeHostile(out, depth + 1);
            } else {
              out.raw(pick(new String[] {"null", "1", "\"\"", "{}", "[]", "true", "\"x\""}));
            }
          }
          out.raw("]");
        }
        case 10 -> {
          out.raw("{");
          int count = random.nextInt(4);
          for (int i = 0; i < count; i++) {
            if (i > 0) {
              out.raw(",");
            }
            out.string(chance(50) ? pick(ADDRESS_FIELDS) : pick(HOSTILE_TEXT));
            out.raw(":");
            if (depth < 3 && chance(50)) {
              writeHostile(out, depth + 1);
            } else {
              out.raw("null");
            }
          }
          out.raw("}");
        }
        case 11 -> out.string(pick(HOSTILE_TEXT).repeat(1 + random.nextInt(50)));
        case 12 -> {
          // A 1000-digit integer is the longest number the parser takes.
          int digits = pick(new Integer[] {19, 20, 400, 1000, 1001, 5000});
          out.raw((chance(50) ? "-" : "") + "9".repeat(digits));
          notes.add(digits + " digits");
        }
        case 13 -> out.raw("\"" + "\\u0000".repeat(1 + random.nextInt(3)) + "\"");
        case 14 -> out.string(uniqueEmail() + pick(new String[] {"", ".", " ", "\u0000", "\u200b", "@x"}));
        default -> out.string(text() + text());
      }
    }

    private String text() {
      return chance(60) ? pick(HOSTILE_TEXT) : randomText(random.nextInt(40));
    }

    /** Random code points from every plane, surrogate halves excluded (those have their own cases). */
    private String randomText(int length) {
      StringBuilder text = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        int range = random.nextInt(10);
        int codePoint;
        if (range < 5) {
          codePoint = 0x20 + random.nextInt(0x5F);
        } else if (range < 7) {
          codePoint = random.nextInt(0x800);
        } else if (range < 9) {
          codePoint = random.nextInt(0x10000);
        } else {
          codePoint = 0x10000 + random.nextInt(0x100000);
        }
        if (!Character.isSurrogate((char) codePoint) || codePoint > 0xFFFF) {
          text.appendCodePoint(codePoint);
        }
      }
      return text.toString();
    }

    // Mutations of a valid body

    Body mutated() {
      Out out = new Out();
      writeCustomer(out, true);
      byte[] bytes = out.bytes();
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations && bytes.length > 0; m++) {
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(5)) {
          case 0 -> bytes[at] = (byte) random.nextInt(256);
          case 1 -> bytes = java.util.Arrays.copyOf(bytes, at);
          case 2 -> bytes = splice(bytes, at, new byte[] {(byte) pick(new Character[] {'{', '}', '[', ']', ',',
              ':', '"', '\\', '\u0000'}).charValue()});
          case 3 -> bytes = splice(bytes, at, bytes);
          default -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      notes.add(mutations + " mutations");
      return body(JSON, bytes, "mutated json");
    }

    private byte[] splice(byte[] bytes, int at, byte[] insert) {
      int length = Math.min(insert.length, MIB);
      byte[] result = new byte[bytes.length + length];
      System.arraycopy(bytes, 0, result, 0, at);
      System.arraycopy(insert, 0, result, at, length);
      System.arraycopy(bytes, at, result, at + length, bytes.length - at);
      return result;
    }

    // Forms

    Body form() {
      StringBuilder form = new StringBuilder();
      for (String[] pair : formFields()) {
        if (form.length() > 0) {
          form.append(chance(3) ? "&&" : "&");
        }
        form.append(encode(pair[0])).append('=').append(encode(pair[1]));
      }
      if (chance(10)) {
        form.append(pick(new String[] {"&%", "&a=%ZZ", "&%ED%A0%80=x", "&email", "&=", "&tags=%00", "&+=+",
            "&first_name=%C0%AF", "&metadata=%7B%22a%22%3A1%2C%22a%22%3A2%7D"}));
      }
      return body(FORM, form.toString().getBytes(StandardCharsets.ISO_8859_1), "form");
    }

    private List<String[]> formFields() {
      List<String[]> pairs = new ArrayList<>();
      pairs.add(new String[] {"email", chance(85) ? uniqueEmail() : text()});
      for (String field : FIELDS) {
        if (field.equals("email") || !chance(35)) {
          continue;
        }
        switch (field) {
          case "tags" -> {
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
              pairs.add(new String[] {"tags", chance(70) ? "t" + i : text()});
            }
          }
          case "metadata" -> pairs.add(new String[] {"metadata", jsonText(true)});
          case "addresses" -> pairs.add(new String[] {"addresses", jsonText(false)});
          case "accepts_marketing", "is_blocked" -> pairs.add(new String[] {field, pick(BOOLEANS)});
          case "phone_number" -> pairs.add(new String[] {field, pick(PHONES)});
          case "language" -> pairs.add(new String[] {field, pick(LANGUAGES)});
          case "ip" -> pairs.add(new String[] {field, pick(IPS)});
          default -> pairs.add(new String[] {field, text()});
        }
      }
      return pairs;
    }

    /** JSON text for a form's metadata or addresses: valid, deep, hostile or not JSON at all. */
    private String jsonText(boolean metadata) {
      int kind = random.nextInt(6);
      Out out = new Out();
      if (kind == 0) {
        return pick(new String[] {"", " ", "not json", "{", "[1,]", "{\"a\":1}{", "null", "[]", "{}"});
      } else if (kind == 1) {
        int depth = pick(new Integer[] {998, 999, 1000, 1001, 10_000});
        notes.add("form json depth " + depth);
        deep(out, depth, !metadata || random.nextBoolean());
      } else if (kind == 2) {
        writeHostile(out, 1);
      } else if (metadata) {
        writeMetadata(out);
      } else {
        writeField(out, "addresses", false);
      }
      return new String(out.bytes(), StandardCharsets.UTF_8);
    }

    private String encode(String text) {
      StringBuilder encoded = new StringBuilder();
      for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
        int c = b & 0xFF;
        if (c == ' ' && chance(50)) {
          encoded.append('+');
        } else if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.') {
          encoded.append((char) c);
        } else {
          encoded.append('%').append(String.format("%02X", c));
        }
      }
      return encoded.toString();
    }

    // Multipart

    Body multipart() {
      String boundary = chance(90) ? "fuzz" + Long.toHexString(random.nextLong()) : pick(new String[] {"", "\"\"",
          "a b", "x".repeat(200)});
      String contentType = chance(93) ? "multipart/form-data; boundary=" + boundary : "multipart/form-data";
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<String[]> pairs = formFields();
      if (chance(3)) {
        for (int i = 0; i < 1001; i++) {
          pairs.add(new String[] {"p" + i, "x"});
        }
        notes.add("1001 parts");
      }
      for (String[] pair : pairs) {
        write(out, "--" + boundary + "\r\n");
        String name = chance(5) ? pair[0] + "\"; filename=\"f.txt" : pair[0];
        write(out, "Content-Disposition: form-data; name=\"" + name + "\"\r\n");
        if (chance(10)) {
          write(out, "Content-Type: " + pick(new String[] {"text/plain; charset=utf-8", "application/json",
              "application/octet-stream"}) + "\r\n");
        }
        write(out, "\r\n");
        write(out, pair[1]);
        write(out, "\r\n");
      }
      if (chance(90)) {
        write(out, "--" + boundary + "--\r\n");
      } else {
        notes.add("no closing boundary");
      }
      return body(contentType, out.toByteArray(), "multipart");
    }

    private void write(ByteArrayOutputStream out, String text) {
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    // Documents that are not objects, media types the API does not take, sizes at the limit

    Body notAnObject() {
      String document = pick(new String[] {"[]", "[{\"email\":\"a@example.com\"}]", "\"text\"", "42", "-1.5e3",
          "true", "null", "", " ", "\n", "{}", "{\"email\":null}", "NaN", "Infinity", "\uFEFF{}", "[", "]", "{",
          "}", "\"\\ud800\"", "0000", "{\"a\":1}[]"});
      if (chance(25)) {
        Out out = new Out();
        deep(out, pick(new Integer[] {1000, 1001, 10_000}), random.nextBoolean());
        return body(JSON, out.bytes(), "deep document");
      }
      return body(JSON, document.getBytes(StandardCharsets.UTF_8), "not an object: " + document);
    }

    Body otherMediaType() {
      String contentType = pick(new String[] {null, "", "text/plain", "application/xml", "text/json",
          "application/json-patch+json", "application/jsonx", "multipart/mixed; boundary=x", "*/*", ";;;",
          "application/x-www-form-urlencoded; charset=utf-16", "application/json, text/plain", "\u00e9/\u00e9",
          "application/x-json", "json"});
      Out out = new Out();
      writeCustomer(out, true);
      notes.add("media type " + contentType);
      return body(contentType, out.bytes(), "media type");
    }

    /** Strings of about 1 MiB: some just under the body limit, some just over, some far over. */
    Body huge() {
      String prefix = "{\"email\":\"" + uniqueEmail() + "\",\"" + pick(new String[] {"user_agent", "first_name",
          "metadata_key", "email"}) + "\":\"";
      String suffix = "\"}";
      int room = MIB - prefix.length() - suffix.length();
      int length = pick(new Integer[] {room, room - 1, room + 1, room - 100, 2 * MIB, 5 * MIB});
      notes.add("string of " + length);
      String filler = pick(new String[] {"a", "\u00e9", "\ud83d\ude00", "\u200b"});
      StringBuilder text = new StringBuilder(prefix);
      int bytes = filler.getBytes(StandardCharsets.UTF_8).length;
      text.append(filler.repeat(Math.max(0, length / bytes)));
      text.append(suffix);
      String contentType = chance(80) ? JSON : FORM;
      return body(contentType, text.toString().getBytes(StandardCharsets.UTF_8), "huge");
    }
  }

  /** Bytes of a body being written; strings are written as JSON strings with every escape they need. */
  private static final class Out {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

    void raw(String text) {
      bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(byte[] raw) {
      bytes.writeBytes(raw);
    }

    void string(String text) {
      StringBuilder json = new StringBuilder(text.length() + 2).append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"' || c == '\\') {
          json.append('\\').append(c);
        } else if (c < 0x20 || Character.isSurrogate(c) && !validPairAt(text, i)) {
          json.append(String.format("\\u%04x", (int) c));
        } else {
          json.append(c);
        }
      }
      raw(json.append('"').toString());
    }

    private static boolean validPairAt(String text, int i) {
      char c = text.charAt(i);
      return Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }
}
