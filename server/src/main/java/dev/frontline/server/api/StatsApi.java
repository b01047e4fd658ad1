package dev.frontline.server.api;

import dev.frontline.server.auth.Role;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.routing.AgentDispatcher;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figures for supervisors (CONTRACT section 7), over conversations created in [from, to):
 * offered (asked for a person), answered (an agent replied), abandoned (closed while queued),
 * answerRate, botResolved (the visitor asked and never needed a person), handoffs (the bot or the
 * menu passed the visitor on), average first response (hand-off to first agent reply) and handle
 * time (assignment to close), and satisfaction.
 */
final class StatsApi {
  private final Database db;
  private final AgentDispatcher dispatcher;

  StatsApi(Database db, AgentDispatcher dispatcher) {
    this.db = db;
    this.dispatcher = dispatcher;
  }

  void register(Router r) {
    r.secured("GET", "/api/stats/summary", this::summary, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/stats/live", this::live, Role.SUPERVISOR, Role.ADMIN);
  }

  private ApiResponse summary(ApiRequest req) throws SQLException {
    long to = req.queryLong("to", System.currentTimeMillis() + 1);
    long from = req.queryLong("from", to - TimeUnit.DAYS.toMillis(1));
    if (from > to) {
      throw ApiException.invalid("from", "must not be after 'to'");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    try (Connection c = db.connection()) {
      long offered = count(c, "handoff_at IS NOT NULL", from, to);
      long answered = count(c, "first_response_at IS NOT NULL", from, to);
      long abandoned = count(c, "state = 'closed' AND closed_from = 'queued'", from, to);
      long botResolved = count(c, "handoff_at IS NULL AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id"
          + " AND m.sender = 'visitor')", from, to);
      long handoffs = count(c, "handoff_at IS NOT NULL AND (handoff_reason LIKE 'bot:%' OR handoff_reason = 'menu')",
          from, to);
      m.put("from", from);
      m.put("to", to);
      m.put("conversations", count(c, "1 = 1", from, to));
      m.put("offered", offered);
      m.put("answered", answered);
      m.put("abandoned", abandoned);
      m.put("answerRate", offered == 0 ? 0.0 : (double) answered / offered);
      m.put("botResolved", botResolved);
      m.put("handoffs", handoffs);
      m.put("avgFirstResponseMs", avg(c, "first_response_at - handoff_at",
          "first_response_at IS NOT NULL AND handoff_at IS NOT NULL", from, to));
      m.put("avgHandleMs", avg(c, "closed_at - assigned_at", "closed_at IS NOT NULL AND assigned_at IS NOT NULL",
          from, to));
      Map<String, Object> csat = new LinkedHashMap<>();
      csat.put("count", count(c, "rating IS NOT NULL", from, to));
      Double average = avgDouble(c, "rating", "rating IS NOT NULL", from, to);
      csat.put("average", average);
      m.put("csat", csat);
      m.put("complaints", count(c, "group_id = 'complaint' AND handoff_at IS NOT NULL", from, to));
    }
    return ApiResponse.ok(m);
  }

  private ApiResponse live(ApiRequest req) throws Exception {
    return ApiResponse.ok(dispatcher.snapshot().get(5, TimeUnit.SECONDS));
  }

  private static long count(Connection c, String where, long from, long to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM conversations c WHERE created_at >= ? AND created_at < ? AND " + where)) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Long avg(Connection c, String expr, String where, long from, long to) throws SQLException {
    Double d = avgDouble(c, expr, where, from, to);
    return d == null ? null : Math.round(d);
  }

  private static Double avgDouble(Connection c, String expr, String where, long from, long to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT AVG(CAST(" + expr + " AS DOUBLE PRECISION)) FROM conversations c"
        + " WHERE created_at >= ? AND created_at < ? AND " + where)) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        double v = rs.getDouble(1);
        return rs.wasNull() ? null : v;
      }
    }
  }
}
