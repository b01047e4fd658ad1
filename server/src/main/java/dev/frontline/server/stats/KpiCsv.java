package dev.frontline.server.stats;

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
 * one column per name any row has, empty where a row has none or the value is null.
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
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object v = cells.get(i);
      String s = v == null ? "" : v.toString();
      if (!(v instanceof Number) && !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
        s = "'" + s; // a name is never a spreadsheet formula
      }
      if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(s);
      }
    }
    sb.append("\r\n");
  }
}
