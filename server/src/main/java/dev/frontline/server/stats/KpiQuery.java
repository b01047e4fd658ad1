package dev.frontline.server.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The three queries behind every figure, each one pass over the period's rows through an index
 * on their time: conversations created in [from, to), tickets left in it, and agents' online and
 * busy time clipped to it. Portable SQL (PostgreSQL and SQLite): conditional sums, integer
 * arithmetic on epoch milliseconds, no date functions. Only whole numbers computed here (the
 * period, the bucket, the settings) are written into the text; the filters are parameters.
 */
final class KpiQuery {
  /** How rows are split: one row, per agent, per group, or per time bucket. */
  sealed interface Split {}

  record Whole() implements Split {}

  record ByAgent() implements Split {}

  record ByGroup() implements Split {}

  /** Buckets of {@code sizeMs} starting at multiples of it, shifted by the zone's {@code offsetMs}. */
  record ByTime(long sizeMs, long offsetMs) implements Split {
    long key(long ts) {
      return Math.floorDiv(ts + offsetMs, sizeMs);
    }

    long start(long key) {
      return key * sizeMs - offsetMs;
    }
  }

  /** The settings that enter definitions. */
  record Targets(long firstResponseTargetMs, long fcrWindowMs) {}

  private final Connection c;
  private final KpiFilter f;
  private final Split split;

  KpiQuery(Connection c, KpiFilter f, Split split) {
    this.c = c;
    this.f = f;
    this.split = split;
  }

  /** Adds each row's conversation figures to {@code rows.apply(key)}. */
  void conversations(Targets t, Function<Object, Figures> rows) throws SQLException {
    String answered = "handoff_at IS NOT NULL AND first_response_at IS NOT NULL";
    String handled = "closed_from = 'assigned' AND first_assigned_at IS NOT NULL";
    String fcrBase = answered + " AND closed_at IS NOT NULL";
    String key = key("created_at", "agent_id", "group_id");
    StringBuilder sql = new StringBuilder("SELECT ").append(key).append(", COUNT(*)")
        .append(count("handoff_at IS NOT NULL"))
        .append(count("handoff_at IS NOT NULL AND handoff_reason = 'asked'"))
        .append(count("handoff_at IS NOT NULL AND handoff_reason = 'menu'"))
        .append(count("handoff_at IS NOT NULL AND handoff_reason LIKE 'bot:%'"))
        .append(count(answered))
        .append(count("handoff_at IS NOT NULL AND first_response_at IS NULL AND closed_at IS NOT NULL"
            + " AND (closed_by IS NULL OR closed_by <> 'agent')"))
        .append(count("handoff_at IS NULL AND first_visitor_at IS NOT NULL AND ticket_at IS NULL"))
        .append(sum(answered, "first_response_at - handoff_at"))
        .append(count(answered + " AND first_response_at - handoff_at <= " + t.firstResponseTargetMs()))
        .append(count(handled))
        .append(sum(handled, "closed_at - first_assigned_at"))
        .append(count(fcrBase))
        .append(count(fcrBase + " AND (followup_at IS NULL OR followup_at - closed_at > " + t.fcrWindowMs() + ")"));
    for (int score = 1; score <= 5; score++) {
      sql.append(count("rating = " + score));
    }
    sql.append(count("group_id = 'complaint' AND handoff_at IS NOT NULL"));
    sql.append(" FROM conversations WHERE created_at >= ? AND created_at < ?");
    List<Object> args = new ArrayList<>(List.of(f.from(), f.to()));
    filters(sql, args, "agent_id = ?", "group_id = ?");
    groupBy(sql, key);
    try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Object k = key(rs);
        if (k == null) {
          continue;
        }
        Figures x = rows.apply(k);
        int i = 2;
        x.conversations += rs.getLong(i++);
        x.offered += rs.getLong(i++);
        x.byRequest += rs.getLong(i++);
        x.byMenu += rs.getLong(i++);
        x.byBot += rs.getLong(i++);
        x.answered += rs.getLong(i++);
        x.abandoned += rs.getLong(i++);
        x.botResolved += rs.getLong(i++);
        x.firstResponseSum += rs.getLong(i++);
        x.firstResponseWithin += rs.getLong(i++);
        x.handled += rs.getLong(i++);
        x.handleSum += rs.getLong(i++);
        x.fcrBase += rs.getLong(i++);
        x.fcrResolved += rs.getLong(i++);
        for (int score = 0; score < 5; score++) {
          x.ratings[score] += rs.getLong(i++);
        }
        x.complaintConversations += rs.getLong(i);
      }
    }
  }

  /** Adds tickets left in the period, by type; an agent's are those of the conversations they hold. */
  void tickets(Function<Object, Figures> rows) throws SQLException {
    String key = key("t.created_at", "c.agent_id", "t.group_id");
    StringBuilder sql = new StringBuilder("SELECT ").append(key).append(", t.kind, COUNT(*) FROM tickets t");
    if (f.agent() != null || split instanceof ByAgent) {
      sql.append(" LEFT JOIN conversations c ON c.id = t.conversation_id");
    }
    sql.append(" WHERE t.created_at >= ? AND t.created_at < ?");
    List<Object> args = new ArrayList<>(List.of(f.from(), f.to()));
    filters(sql, args, "c.agent_id = ?", "t.group_id = ?");
    groupBy(sql, key + ", t.kind");
    try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Object k = key(rs);
        if (k != null) {
          rows.apply(k).ticketsByType.merge(rs.getString(2), rs.getLong(3), Long::sum);
        }
      }
    }
  }

  /**
   * Adds agents' online and busy time within the period. Rows never cross a quarter hour, so
   * only the period's ends cut one; a group's time is that of its members.
   */
  void agentTime(Function<Object, Figures> rows) throws SQLException {
    String key = key("t.started_at", "t.agent_id", "g.group_id");
    long from = f.from();
    long to = f.to();
    String clipped = "CASE WHEN t.ended_at > " + to + " THEN " + to + " ELSE t.ended_at END"
        + " - CASE WHEN t.started_at < " + from + " THEN " + from + " ELSE t.started_at END";
    StringBuilder sql = new StringBuilder("SELECT ").append(key).append(", t.kind, SUM(").append(clipped)
        .append(") FROM agent_time t");
    if (f.group() != null || split instanceof ByGroup) {
      sql.append(" JOIN user_groups g ON g.user_id = t.agent_id");
    }
    sql.append(" WHERE t.started_at >= ? AND t.started_at < ? AND t.ended_at > ?");
    List<Object> args = new ArrayList<>(List.of(from - WorkClock.SLOT_MS, to, from));
    filters(sql, args, "t.agent_id = ?", "g.group_id = ?");
    groupBy(sql, key + ", t.kind");
    try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Object k = key(rs);
        if (k == null) {
          continue;
        }
        Figures x = rows.apply(k);
        if (WorkClock.BUSY.equals(rs.getString(2))) {
          x.busyMs += rs.getLong(3);
        } else {
          x.onlineMs += rs.getLong(3);
        }
      }
    }
  }

  private String key(String time, String agent, String group) {
    return switch (split) {
      case Whole w -> "0";
      case ByAgent a -> agent;
      case ByGroup g -> group;
      case ByTime b -> "(" + time + " + " + b.offsetMs() + ") / " + b.sizeMs();
    };
  }

  private Object key(ResultSet rs) throws SQLException {
    return switch (split) {
      case Whole w -> Boolean.TRUE;
      case ByAgent a -> dev.frontline.server.store.Dialect.nullableLong(rs, 1);
      case ByGroup g -> rs.getString(1);
      case ByTime b -> rs.getLong(1);
    };
  }

  private void filters(StringBuilder sql, List<Object> args, String agent, String group) {
    if (f.agent() != null) {
      sql.append(" AND ").append(agent);
      args.add(f.agent());
    }
    if (f.group() != null) {
      sql.append(" AND ").append(group);
      args.add(f.group());
    }
  }

  private void groupBy(StringBuilder sql, String key) {
    if (!(split instanceof Whole)) {
      sql.append(" GROUP BY ").append(key);
    } else if (key.contains(",")) {
      sql.append(" GROUP BY ").append(key.substring(key.indexOf(',') + 1).strip());
    }
  }

  private PreparedStatement prepare(CharSequence sql, List<Object> args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql.toString());
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
    return ps;
  }

  private static String count(String condition) {
    return ", SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
  }

  private static String sum(String condition, String expr) {
    return ", SUM(CASE WHEN " + condition + " THEN " + expr + " ELSE 0 END)";
  }
}
