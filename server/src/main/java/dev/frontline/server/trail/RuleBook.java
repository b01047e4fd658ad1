package dev.frontline.server.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.conversation.Ids;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.store.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The proactive rules, compiled once per change ({@link RuleIndex}) and evaluated against
 * {@link VisitorFacts} in memory, without I/O: microseconds per event, also for hundreds of rules
 * (see docs/performance.md).
 */
public final class RuleBook {

  private final Database db;
  private final Clock clock;
  private volatile RuleIndex index = RuleIndex.EMPTY;

  public RuleBook(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A rule book over fixed rules (benchmarks, tests). */
  public static RuleBook of(List<ProactiveRule> list) {
    RuleBook b = new RuleBook(null, Clock.systemUTC());
    b.index = new RuleIndex(list);
    return b;
  }

  /**
   * The enabled rules whose conditions hold, best first, leaving out those in {@code firedToday}.
   * Call it on the thread that owns {@code f.pages()}: it brings the history's counts up to date.
   */
  public List<ProactiveRule> matching(VisitorFacts f, Set<String> firedToday) {
    return index.matching(f, firedToday, Integer.MAX_VALUE);
  }

  /** The best rule that holds and is not in {@code firedToday}, or null; as {@link #matching}, but stops there. */
  public ProactiveRule first(VisitorFacts f, Set<String> firedToday) {
    List<ProactiveRule> one = index.matching(f, firedToday, 1);
    return one.isEmpty() ? null : one.get(0);
  }

  /** The distinct time-on-page thresholds of enabled rules, ascending, to schedule checks. */
  public List<Integer> dwellThresholds() {
    return index.dwellThresholds();
  }

  // ---- storage ----

  public void reload() throws SQLException {
    index = new RuleIndex(list());
  }

  public List<ProactiveRule> list() throws SQLException {
    List<ProactiveRule> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id, name, enabled, priority, conditions, action"
            + " FROM proactive_rules ORDER BY priority DESC, id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getInt(4), rs.getString(5), rs.getString(6)));
      }
    }
    return out;
  }

  private static ProactiveRule read(String id, String name, boolean enabled, int priority, String conditions,
      String action) {
    try {
      ObjectNode b = Json.object();
      b.put("name", name);
      b.put("enabled", enabled);
      b.put("priority", priority);
      b.set("conditions", Json.MAPPER.readTree(conditions));
      b.set("action", Json.MAPPER.readTree(action));
      return ProactiveRule.fromJson(id, b);
    } catch (IOException e) {
      throw new IllegalStateException("rule " + id + " is damaged", e);
    }
  }

  /** Creates ({@code id} null) or replaces a rule from API JSON; returns it. */
  public ProactiveRule save(String id, JsonNode body, String author) throws SQLException {
    String ruleId = id == null ? Ids.newId("r") : id;
    ProactiveRule r = ProactiveRule.fromJson(ruleId, body);
    String conditions = Json.string(r.view().get("conditions"));
    String action = r.action().toString();
    long now = clock.millis();
    try (Connection c = db.connection()) {
      if (id == null) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO proactive_rules (id, name, enabled, priority,"
            + " conditions, action, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, ruleId);
          ps.setString(2, r.name());
          ps.setBoolean(3, r.enabled());
          ps.setInt(4, r.priority());
          ps.setString(5, conditions);
          ps.setString(6, action);
          ps.setString(7, author);
          ps.setLong(8, now);
          ps.setLong(9, now);
          ps.executeUpdate();
        }
      } else {
        try (PreparedStatement ps = c.prepareStatement("UPDATE proactive_rules SET name = ?, enabled = ?, priority = ?,"
            + " conditions = ?, action = ?, updated_at = ? WHERE id = ?")) {
          ps.setString(1, r.name());
          ps.setBoolean(2, r.enabled());
          ps.setInt(3, r.priority());
          ps.setString(4, conditions);
          ps.setString(5, action);
          ps.setLong(6, now);
          ps.setString(7, ruleId);
          if (ps.executeUpdate() == 0) {
            throw ApiException.notFound("rule " + id);
          }
        }
      }
    }
    reload();
    return r;
  }

  public void delete(String id) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM proactive_rules WHERE id = ?")) {
      ps.setString(1, id);
      if (ps.executeUpdate() == 0) {
        throw ApiException.notFound("rule " + id);
      }
    }
    reload();
  }

  /** Rules already fired today for a visitor (a restart keeps the once-a-day promise). */
  public Set<String> firedToday(String visitorId, int day) throws SQLException {
    Set<String> out = new java.util.HashSet<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT rule_id FROM rule_fires WHERE visitor_id = ? AND day_index = ?")) {
      ps.setString(1, visitorId);
      ps.setInt(2, day);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
