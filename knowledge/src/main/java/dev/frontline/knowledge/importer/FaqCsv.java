package dev.frontline.knowledge.importer;

import dev.frontline.knowledge.model.FaqContent;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FAQ entries as CSV for spreadsheets. The first row names the columns (any order, case
 * ignored, unknown ones ignored): {@code id, question, similar, answer, category, tags,
 * channels, imageUrl, validFrom, validUntil}; {@code question} and {@code answer} are required.
 * List cells (similar questions, tags, channels) join their items with {@value #SEPARATOR}
 * (spaces around it are dropped), so an item cannot contain that character (export writes an
 * item's own {@code |} as the full-width {@code ｜}). Times are epoch
 * milliseconds or ISO dates. Written files start with a UTF-8 BOM so that Excel reads them as
 * UTF-8, and end rows with CRLF.
 */
public final class FaqCsv {
  /** Joins the items of a list cell. */
  public static final String SEPARATOR = "|";
  /** The columns written, in order. */
  public static final List<String> COLUMNS = List.of("id", "question", "similar", "answer", "category", "tags",
      "channels", "imageUrl", "validFrom", "validUntil");

  private FaqCsv() {}

  /** Reads every record; throws {@link FaqFormatException} at the first bad row. */
  public static List<FaqRecord> read(Reader in) {
    List<Csv.Row> rows = Csv.parse(in);
    int first = 0;
    while (first < rows.size() && rows.get(first).blank()) {
      first++;
    }
    if (first == rows.size()) {
      throw new FaqFormatException(1, "the file has no header row");
    }
    Map<String, Integer> columns = header(rows.get(first));
    Records records = new Records();
    List<FaqRecord> out = new ArrayList<>();
    for (Csv.Row row : rows.subList(first + 1, rows.size())) {
      if (!row.blank()) {
        out.add(record(records, columns, row));
      }
    }
    return out;
  }

  private static Map<String, Integer> header(Csv.Row row) {
    Map<String, Integer> columns = new HashMap<>();
    for (int k = 0; k < row.cells().size(); k++) {
      String name = row.cells().get(k).strip().toLowerCase(Locale.ROOT);
      String known = COLUMNS.stream().filter(c -> c.toLowerCase(Locale.ROOT).equals(name)).findFirst().orElse(null);
      if (known != null && columns.put(known, k) != null) {
        throw new FaqFormatException(row.line(), "the column '" + known + "' appears twice");
      }
    }
    for (String required : List.of("question", "answer")) {
      if (!columns.containsKey(required)) {
        throw new FaqFormatException(row.line(), "the header has no '" + required + "' column (columns: "
            + String.join(",", COLUMNS) + ")");
      }
    }
    return columns;
  }

  private static FaqRecord record(Records records, Map<String, Integer> columns, Csv.Row row) {
    long line = row.line();
    return records.record(line, cell(columns, row, "id"), cell(columns, row, "question"),
        list(cell(columns, row, "similar")), cell(columns, row, "answer"), cell(columns, row, "imageUrl"),
        cell(columns, row, "category"), list(cell(columns, row, "tags")), list(cell(columns, row, "channels")),
        Records.time(line, "validFrom", cell(columns, row, "validFrom")),
        Records.time(line, "validUntil", cell(columns, row, "validUntil")));
  }

  private static String cell(Map<String, Integer> columns, Csv.Row row, String name) {
    Integer k = columns.get(name);
    return k == null || k >= row.cells().size() ? null : Csv.restore(row.cells().get(k));
  }

  private static List<String> list(String cell) {
    if (cell == null || cell.isBlank()) {
      return List.of();
    }
    return Arrays.stream(cell.split("\\" + SEPARATOR)).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Items joined with the separator; an item's own {@code |} is written full-width ({@code ｜}). */
  static String joined(List<String> items) {
    return String.join(SEPARATOR, items.stream().map(s -> s.replace(SEPARATOR, "\uFF5C")).toList());
  }

  /** Writes the header and one row per record; with {@code bom} the UTF-8 byte-order mark first. */
  public static void write(List<FaqRecord> records, Appendable out, boolean bom) throws IOException {
    if (bom) {
      out.append('\uFEFF');
    }
    Csv.writeRow(out, COLUMNS);
    for (FaqRecord r : records) {
      FaqContent c = r.content();
      Csv.writeRow(out, Arrays.asList(r.id(), c.question(), joined(c.similar()), c.answer(),
          c.category(), joined(c.tags()), joined(c.channels()), c.imageUrl(),
          c.validFrom() == null ? "" : c.validFrom().toString(),
          c.validUntil() == null ? "" : c.validUntil().toString()));
    }
  }
}
