package dev.frontline.server.stats;

import dev.frontline.knowledge.importer.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows of figures as CSV (RFC 4180, UTF-8 with a byte-order mark for spreadsheets): nested
 * fields flattened with dots ({@code csat.distribution.5}, {@code tickets.byType.complaint}),
 * one column per name any row has, empty where a row has none or the value is null; cells are
 * written by the knowledge base's CSV writer, which defuses what a spreadsheet would read as a formula.
 */
public final class KpiCsv {
  private KpiCsv() {}

  public static byte[] write(List<Map<String, Object>> rows) {
    List<Map<String, Object>> flat = new ArrayList<>(rows.size());
    Set<String> columns = new LinkedHashSet<>();
    for (Map<String, Object> r : rows) {
      Map<String, Object> f = new LinkedHashMap<>();
      flatten("", r, f);
      columns.addAll(f.keySet());
      flat.add(f);
    }
    StringBuilder sb = new StringBuilder("\uFEFF");
    line(sb, new ArrayList<>(columns));
    for (Map<String, Object> f : flat) {
      List<Object> cells = new ArrayList<>(columns.size());
      for (String col : columns) {
        cells.add(f.get(col));
      }
      line(sb, cells);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void flatten(String prefix, Map<?, ?> m, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String name = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> inner) {
        flatten(name + ".", inner, out);
      } else {
        out.put(name, e.getValue());
      }
    }
  }

  private static void line(StringBuilder sb, List<?> cells) {
    try {
      Csv.writeValues(sb, cells);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
  }
}
