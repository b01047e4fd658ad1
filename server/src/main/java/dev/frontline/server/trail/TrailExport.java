package dev.frontline.server.trail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frontline.knowledge.importer.Csv;
import dev.frontline.server.logging.Masking;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.store.Database;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams the trail out for marketing: every event of a period as JSON Lines, or one CSV row per
 * visitor (visits, pages, questions, chats, rating). Personal numbers are masked unless the
 * caller asked for them explicitly (the API audits that). Reads in pages, writes as it reads:
 * memory does not grow with the period.
 */
public final class TrailExport {
  private static final int FETCH = 1_000;
  private static final List<String> HEADER = List.of("visitorId", "customerId", "name", "firstSeen", "lastSeen",
      "visits", "pageViews", "questions", "chats", "ratings", "avgRating");

  private final Database db;

  public TrailExport(Database db) {
    this.db = db;
  }

  /** Events with {@code from <= ts < to}, oldest first, one JSON object a line. Returns how many. */
  public long events(long from, long to, boolean mask, OutputStream out) throws SQLException, IOException {
    long n = 0;
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT visitor_id, event, ts, conversation_id, data"
          + " FROM visitor_events WHERE ts >= ? AND ts < ? ORDER BY ts, id")) {
        ps.setFetchSize(FETCH);
        ps.setLong(1, from);
        ps.setLong(2, to);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String line = TrailRecorder.exportLine(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                rs.getString(5), mask);
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            n++;
          }
        }
      } finally {
        c.rollback();
      }
    }
    return n;
  }

  /** Per-visitor summary of the events in the period, as CSV with a header row (rows end with CRLF). */
  public void visitorsCsv(long from, long to, boolean mask, Writer out) throws SQLException, IOException {
    Csv.writeRow(out, HEADER);
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      Map<String, String[]> visitors = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, customer_id, display_name, visits FROM visitors"
          + " WHERE id IN (SELECT DISTINCT visitor_id FROM visitor_events WHERE ts >= ? AND ts < ?)")) {
        ps.setLong(1, from);
        ps.setLong(2, to);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            visitors.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), String.valueOf(rs.getInt(4))});
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT visitor_id, event, ts, data FROM visitor_events"
          + " WHERE ts >= ? AND ts < ? ORDER BY visitor_id, ts, id")) {
        ps.setFetchSize(FETCH);
        ps.setLong(1, from);
        ps.setLong(2, to);
        try (ResultSet rs = ps.executeQuery()) {
          Row row = null;
          while (rs.next()) {
            String v = rs.getString(1);
            if (row == null || !row.visitorId.equals(v)) {
              if (row != null) {
                row.write(out, visitors.get(row.visitorId), mask);
              }
              row = new Row(v, rs.getLong(3));
            }
            row.add(rs.getString(2), rs.getLong(3), rs.getString(4));
          }
          if (row != null) {
            row.write(out, visitors.get(row.visitorId), mask);
          }
        }
      } finally {
        c.rollback();
      }
    }
    out.flush();
  }

  /** One visitor's counts. */
  private static final class Row {
    final String visitorId;
    final long first;
    long last;
    int pages;
    int questions;
    int chats;
    int ratings;
    int ratingSum;

    Row(String visitorId, long first) {
      this.visitorId = visitorId;
      this.first = first;
    }

    void add(String event, long ts, String data) {
      last = ts;
      switch (event) {
        case "page_view" -> pages++;
        case "bot_question" -> questions++;
        case "assigned" -> chats++;
        case "rated" -> {
          ratings++;
          ratingSum += score(data);
        }
        default -> { }
      }
    }

    private static int score(String data) {
      try {
        JsonNode n = Json.MAPPER.readTree(data).get("score");
        return n == null ? 0 : n.asInt();
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    void write(Writer out, String[] visitor, boolean mask) throws IOException {
      String customer = visitor == null ? "" : nz(visitor[0]);
      String name = visitor == null ? "" : nz(visitor[1]);
      String visits = visitor == null ? "" : visitor[2];
      String avg = ratings == 0 ? "" : String.format(java.util.Locale.ROOT, "%.2f", (double) ratingSum / ratings);
      Csv.writeRow(out, List.of(visitorId, mask ? Masking.mask(customer) : customer, mask ? Masking.mask(name) : name,
          String.valueOf(first), String.valueOf(last), visits, String.valueOf(pages), String.valueOf(questions),
          String.valueOf(chats), String.valueOf(ratings), avg));
    }

    private static String nz(String s) {
      return s == null ? "" : s;
    }
  }
}
