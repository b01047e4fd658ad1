package dev.frontline.knowledge.importer;

import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.InvalidContentException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the JSON Lines and CSV readers share: per-record checks with line numbers. */
final class Records {
  /** Most records one import may hold. */
  static final int MAX_RECORDS = 100_000;

  private final Map<String, Long> seen = new HashMap<>();
  private int count;

  /** Builds and checks one record; problems become a {@link FaqFormatException} for {@code line}. */
  FaqRecord record(long line, String id, String question, List<String> similar, String answer, String imageUrl,
      String category, List<String> tags, List<String> channels, Long validFrom, Long validUntil) {
    if (++count > MAX_RECORDS) {
      throw new FaqFormatException(line, "more than " + MAX_RECORDS + " entries in one import");
    }
    if (question == null) {
      throw new FaqFormatException(line, "missing field 'question'");
    }
    if (answer == null || answer.isBlank()) {
      throw new FaqFormatException(line, "field 'answer' must not be empty");
    }
    FaqRecord r;
    try {
      r = new FaqRecord(id == null || id.isBlank() ? null : id.strip(), new FaqContent(question, similar, answer,
          imageUrl, category, tags, channels, validFrom, validUntil));
    } catch (InvalidContentException e) {
      throw new FaqFormatException(line, e.getMessage());
    }
    if (r.id() != null) {
      Long first = seen.putIfAbsent(r.id(), line);
      if (first != null) {
        throw new FaqFormatException(line, "id '" + r.id() + "' repeats the entry of line " + first);
      }
    }
    return r;
  }

  /** Epoch ms from digits, an ISO date ({@code 2025-07-01}, UTC midnight) or an ISO instant; null when blank. */
  static Long time(long line, String field, String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.strip();
    try {
      if (t.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(t);
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return Instant.parse(t).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new FaqFormatException(line, "field '" + field + "' must be epoch milliseconds or an ISO date");
    }
  }
}
