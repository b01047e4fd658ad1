package dev.frontline.bench.kpi;

import dev.frontline.server.store.Dialect;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes chunks of rows in one transaction each, tables in foreign-key order: on SQLite as batched
 * prepared INSERTs (the server's own statements, many to a transaction), on PostgreSQL with
 * {@code COPY ... FROM STDIN} (text format).
 */
final class Sink implements AutoCloseable {
  private static final int BATCH = 2_000;

  private final Connection c;
  private final CopyManager copy;
  private final Map<Table, PreparedStatement> inserts = new EnumMap<>(Table.class);
  long rowsWritten;

  Sink(Connection c) throws SQLException {
    this.c = c;
    c.setAutoCommit(false);
    this.copy = Dialect.of(c) == Dialect.POSTGRES ? c.unwrap(PGConnection.class).getCopyAPI() : null;
  }

  void write(Chunk chunk) throws SQLException, IOException {
    for (Table t : Table.values()) {
      List<Object[]> rows = chunk.rows.get(t);
      if (rows == null || rows.isEmpty()) {
        continue;
      }
      if (copy != null) {
        copy(t, rows);
      } else {
        insert(t, rows);
      }
      rowsWritten += rows.size();
    }
    c.commit();
    chunk.clear();
  }

  private void insert(Table t, List<Object[]> rows) throws SQLException {
    PreparedStatement ps = inserts.get(t);
    if (ps == null) {
      String marks = String.join(", ", java.util.Collections.nCopies(t.width, "?"));
      ps = c.prepareStatement("INSERT INTO " + t.sqlName + " (" + t.columns + ") VALUES (" + marks + ")");
      inserts.put(t, ps);
    }
    int n = 0;
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        ps.setObject(i + 1, row[i]);
      }
      ps.addBatch();
      if (++n % BATCH == 0) {
        ps.executeBatch();
      }
    }
    ps.executeBatch();
  }

  private void copy(Table t, List<Object[]> rows) throws SQLException, IOException {
    StringBuilder sb = new StringBuilder(rows.size() * 96);
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          sb.append('\t');
        }
        text(sb, row[i]);
      }
      sb.append('\n');
    }
    copy.copyIn("COPY " + t.sqlName + " (" + t.columns + ") FROM STDIN", new StringReader(sb.toString()));
  }

  /** A value in COPY's text format: NULL as \N; backslash, tab and line breaks escaped. */
  private static void text(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("\\N");
    } else if (v instanceof Boolean b) {
      sb.append(b ? 't' : 'f');
    } else if (v instanceof Number) {
      sb.append(v);
    } else {
      String s = v.toString();
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        switch (ch) {
          case '\\' -> sb.append("\\\\");
          case '\t' -> sb.append("\\t");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          default -> sb.append(ch);
        }
      }
    }
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement ps : inserts.values()) {
      ps.close();
    }
  }
}
