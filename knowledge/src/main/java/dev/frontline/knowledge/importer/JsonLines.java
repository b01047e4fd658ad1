package dev.frontline.knowledge.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frontline.knowledge.model.FaqEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON Lines: one JSON object a line, blank lines skipped. Unknown fields are tolerated
 * (exports from other tools carry extras); a line that is not valid JSON or misses a required
 * field fails with a {@link JsonLinesException} naming the line.
 */
public final class JsonLines {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          // Tolerate extra fields from other tools' exports.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // "similar": "one phrasing" is a common hand-written mistake; accept it as a list of one.
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .build();

  private static final ObjectReader ENTRY_READER = MAPPER.readerFor(FaqEntry.class);

  private JsonLines() {}

  /** Reads FAQ entries from a UTF-8 file. */
  public static List<FaqEntry> readEntries(Path file) {
    return read(file, FaqEntry.class);
  }

  /** Reads FAQ entries; {@code source} names the input in error messages. */
  public static List<FaqEntry> readEntries(Reader in, String source) {
    return read(in, source, ENTRY_READER);
  }

  /** Reads lines of any Jackson-readable type (records included) from a UTF-8 file. */
  public static <T> List<T> read(Path file, Class<T> type) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString(), MAPPER.readerFor(type));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Reads lines of any Jackson-readable type; {@code source} names the input in errors. */
  public static <T> List<T> read(Reader in, String source, Class<T> type) {
    return read(in, source, MAPPER.readerFor(type));
  }

  private static <T> List<T> read(Reader in, String source, ObjectReader reader) {
    List<T> out = new ArrayList<>();
    try {
      forEachLine(in, (lineNo, line) -> out.add(parse(reader, line, source, lineNo)));
    } catch (IOException e) {
      throw new JsonLinesException(source, 0, "cannot read: " + e.getMessage(), e);
    }
    return List.copyOf(out);
  }

  /** Receives one non-blank line and its 1-based number. */
  @FunctionalInterface
  public interface LineConsumer {
    void accept(long lineNo, String line);
  }

  /** Calls {@code each} for every non-blank line, a leading byte-order mark removed. */
  public static void forEachLine(Reader in, LineConsumer each) throws IOException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    long lineNo = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNo++;
      if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      if (!line.isBlank()) {
        each.accept(lineNo, line);
      }
    }
  }

  private static <T> T parse(ObjectReader reader, String line, String source, long lineNo) {
    try {
      T value = reader.readValue(line);
      if (value == null) {
        throw new JsonLinesException(source, lineNo, "expected a JSON object, got null", null);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new JsonLinesException(source, lineNo, describe(e), e);
    }
  }

  private static String describe(JsonProcessingException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof NullPointerException) {
      return "missing required field: " + root.getMessage();
    }
    if (root instanceof IllegalArgumentException) {
      return "invalid entry: " + root.getMessage();
    }
    return e.getOriginalMessage();
  }
}
