package dev.frontline.knowledge.importer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as spreadsheets write it: fields separated by a delimiter, optionally in double
 * quotes (a quote inside doubled), quoted fields may span lines, rows end with CRLF or LF. A
 * leading UTF-8 BOM (Excel's "CSV UTF-8") is dropped. The delimiter is the one of {@code , ; TAB}
 * that the header line uses most (Excel writes {@code ;} in some locales).
 */
public final class Csv {
  /** One row and the 1-based line it starts on. */
  public record Row(long line, List<String> cells) {
    public Row {
      cells = List.copyOf(cells);
    }

    /** A row with no cell or only one empty cell (a blank line). */
    public boolean blank() {
      return cells.isEmpty() || (cells.size() == 1 && cells.get(0).isEmpty());
    }
  }

  private Csv() {}

  /** Every row, blank lines included (callers skip them); throws {@link FaqFormatException} on a broken quote. */
  public static List<Row> parse(Reader in) {
    String text = readAll(in);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    return new Parser(text, delimiter(text)).rows();
  }

  static char delimiter(String text) {
    int comma = 0;
    int semicolon = 0;
    int tab = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted && (ch == '\n' || ch == '\r')) {
        break;
      } else if (!quoted) {
        switch (ch) {
          case ',' -> comma++;
          case ';' -> semicolon++;
          case '\t' -> tab++;
          default -> { }
        }
      }
    }
    if (semicolon > comma && semicolon >= tab) {
      return ';';
    }
    return tab > comma ? '\t' : ',';
  }

  private static final class Parser {
    private final String s;
    private final char delim;
    private int i;
    private long line = 1;

    Parser(String s, char delim) {
      this.s = s;
      this.delim = delim;
    }

    List<Row> rows() {
      List<Row> rows = new ArrayList<>();
      while (i < s.length()) {
        long start = line;
        rows.add(new Row(start, row(start)));
      }
      return rows;
    }

    private List<String> row(long start) {
      List<String> cells = new ArrayList<>();
      while (true) {
        cells.add(cell(start));
        if (i >= s.length()) {
          return cells;
        }
        char ch = s.charAt(i);
        if (ch == delim) {
          i++;
          continue;
        }
        // end of row: CRLF, LF or a lone CR
        i += ch == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2 : 1;
        line++;
        return cells;
      }
    }

    private String cell(long start) {
      if (i < s.length() && s.charAt(i) == '"') {
        return quoted(start);
      }
      int from = i;
      while (i < s.length()) {
        char ch = s.charAt(i);
        if (ch == delim || ch == '\n' || ch == '\r') {
          break;
        }
        i++;
      }
      return s.substring(from, i);
    }

    private String quoted(long start) {
      StringBuilder b = new StringBuilder();
      i++;
      while (true) {
        if (i >= s.length()) {
          throw new FaqFormatException(start, "a quoted field is not closed");
        }
        char ch = s.charAt(i++);
        if (ch == '"') {
          if (i < s.length() && s.charAt(i) == '"') {
            b.append('"');
            i++;
            continue;
          }
          if (i < s.length() && s.charAt(i) != delim && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            throw new FaqFormatException(line, "unexpected text after a closing quote");
          }
          return b.toString();
        }
        if (ch == '\n' || (ch == '\r' && (i >= s.length() || s.charAt(i) != '\n'))) {
          line++;
        }
        b.append(ch);
      }
    }
  }

  /**
   * Writes one row, quoting cells that need it, ending with CRLF (as spreadsheets expect). The one
   * CSV writer of the project: every export goes through it. A cell that a spreadsheet would run
   * as a formula (it starts with {@code = + - @}, a tab or a carriage return) is written with a
   * leading apostrophe, which spreadsheets show as text; {@link #restore} takes it off again on
   * import.
   */
  public static void writeRow(Appendable out, List<String> cells) throws IOException {
    writeValues(out, cells);
  }

  /**
   * Like {@link #writeRow}, for cells of any type: a {@link Number} is written as it is (a negative
   * figure is not a formula), anything else as its text, defused; null is an empty cell.
   */
  public static void writeValues(Appendable out, List<?> cells) throws IOException {
    for (int k = 0; k < cells.size(); k++) {
      if (k > 0) {
        out.append(',');
      }
      Object v = cells.get(k);
      String c = v instanceof Number ? v.toString() : defuse(v == null ? "" : v.toString());
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0
          || c.indexOf(';') >= 0 || (!c.isEmpty() && (c.charAt(0) == ' ' || c.charAt(c.length() - 1) == ' '))) {
        out.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        out.append(c);
      }
    }
    out.append("\r\n");
  }

  /** The characters that make a spreadsheet read a cell as a formula when they come first. */
  private static final String FORMULA_STARTS = "=+-@\t\r";

  /** The cell as written: with an apostrophe in front when it would start a formula. */
  static String defuse(String cell) {
    return !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
  }

  /** The cell as it was before {@link #writeRow} defused it (an import of an export is lossless). */
  public static String restore(String cell) {
    return cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && FORMULA_STARTS.indexOf(cell.charAt(1)) >= 0
        ? cell.substring(1) : cell;
  }

  private static String readAll(Reader in) {
    StringBuilder b = new StringBuilder();
    char[] buf = new char[8192];
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        b.append(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toString();
  }
}
