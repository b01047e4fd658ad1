package dev.frontline.bench.kpi;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Rows waiting to be written in one transaction, per table. */
final class Chunk {
  final Map<Table, List<Object[]>> rows = new EnumMap<>(Table.class);

  void add(Table t, Object... values) {
    if (values.length != t.width) {
      throw new IllegalArgumentException(t + " has " + t.width + " columns, not " + values.length);
    }
    rows.computeIfAbsent(t, k -> new ArrayList<>()).add(values);
  }

  long size() {
    long n = 0;
    for (List<Object[]> l : rows.values()) {
      n += l.size();
    }
    return n;
  }

  void clear() {
    rows.clear();
  }
}
