package dev.frontline.knowledge.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frontline.knowledge.model.FaqContent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FAQ entries as JSON Lines, the format of the datasets: one object a line with {@code id},
 * {@code question}, {@code similar}, {@code answer}, {@code category}, and optionally {@code
 * tags}, {@code channels}, {@code imageUrl}, {@code validFrom}, {@code validUntil}. Unknown
 * fields are ignored, blank lines skipped, a leading BOM dropped; the first bad line fails the
 * whole read with its line number.
 */
public final class FaqJsonl {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final ObjectReader TREE = MAPPER.readerFor(JsonNode.class);
  private static final ObjectWriter WRITER = MAPPER.writer();

  private FaqJsonl() {}

  /** Reads every record; throws {@link FaqFormatException} at the first bad line. */
  public static List<FaqRecord> read(Reader in) {
    Records records = new Records();
    List<FaqRecord> out = new ArrayList<>();
    try {
      JsonLines.forEachLine(in, (lineNo, line) -> out.add(record(records, lineNo, line)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static FaqRecord record(Records records, long line, String text) {
    JsonNode n;
    try {
      n = TREE.readValue(text);
    } catch (JsonProcessingException e) {
      throw new FaqFormatException(line, "not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new FaqFormatException(line, "expected a JSON object");
    }
    return records.record(line, id(line, n), string(line, n, "question"), strings(line, n, "similar"),
        string(line, n, "answer"), string(line, n, "imageUrl"), string(line, n, "category"),
        strings(line, n, "tags"), strings(line, n, "channels"), time(line, n, "validFrom"),
        time(line, n, "validUntil"));
  }

  private static String id(long line, JsonNode n) {
    JsonNode v = n.get("id");
    if (v != null && v.isIntegralNumber()) {
      return v.asText();
    }
    return string(line, n, "id");
  }

  private static String string(long line, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new FaqFormatException(line, "field '" + field + "' must be a string");
    }
    return v.textValue();
  }

  /** An array of strings; a single string counts as a list of one (a common hand-written shape). */
  private static List<String> strings(long line, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (v.isTextual()) {
      return List.of(v.textValue());
    }
    if (!v.isArray()) {
      throw new FaqFormatException(line, "field '" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw new FaqFormatException(line, "field '" + field + "' must be an array of strings");
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static Long time(long line, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      return Records.time(line, field, v.textValue());
    }
    throw new FaqFormatException(line, "field '" + field + "' must be epoch milliseconds or an ISO date");
  }

  /** Writes one line per record (LF endings), in the order given. */
  public static void write(List<FaqRecord> records, Appendable out) throws IOException {
    for (FaqRecord r : records) {
      out.append(WRITER.writeValueAsString(fields(r))).append('\n');
    }
  }

  /** The record's fields in file order; optional ones only when set. */
  static Map<String, Object> fields(FaqRecord r) {
    FaqContent c = r.content();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("question", c.question());
    m.put("similar", c.similar());
    m.put("answer", c.answer());
    m.put("category", c.category());
    if (!c.tags().isEmpty()) {
      m.put("tags", c.tags());
    }
    if (!c.channels().isEmpty()) {
      m.put("channels", c.channels());
    }
    if (c.imageUrl() != null) {
      m.put("imageUrl", c.imageUrl());
    }
    if (c.validFrom() != null) {
      m.put("validFrom", c.validFrom());
    }
    if (c.validUntil() != null) {
      m.put("validUntil", c.validUntil());
    }
    return m;
  }
}
