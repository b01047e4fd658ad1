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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The proactive rules, compiled once (patterns included) and evaluated against
 * {@link VisitorFacts} in memory: a few microseconds per event (see docs/performance.md).
 */
public final class RuleBook {

  /** A rule with its patterns compiled. */
  record Compiled(ProactiveRule rule, Pattern url, Pattern seen) {}

  private final Database db;
  private final Clock clock;
  private volatile List<Compiled> rules = List.of();

  public RuleBook(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A rule book over fixed rules (benchmarks, tests). */
  public static RuleBook of(List<ProactiveRule> list) {
    RuleBook b = new RuleBook(null, Clock.systemUTC());
    b.rules = compile(list);
    return b;
  }

  private static List<Compiled> compile(List<ProactiveRule> list) {
    return list.stream()
        .filter(ProactiveRule::enabled)
        .sorted(Comparator.comparingInt(ProactiveRule::priority).reversed().thenComparing(ProactiveRule::id))
        .map(r -> new Compiled(r, ProactiveRule.glob(r.urlPattern()), ProactiveRule.glob(r.seenPattern())))
        .toList();
  }

  /** The enabled rules whose conditions hold, best first, leaving out those in {@code firedToday}. */
  public List<ProactiveRule> matching(VisitorFacts f, Set<String> firedToday) {
    List<ProactiveRule> out = null;
    for (Compiled c : rules) {
      if (!firedToday.contains(c.rule().id()) && holds(c, f)) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(c.rule());
      }
    }
    return out == null ? List.of() : out;
  }

  /** The distinct time-on-page thresholds of enabled rules, to schedule checks. */
  public List<Integer> dwellThresholds() {
    return rules.stream().map(c -> c.rule().minSecondsOnPage()).filter(s -> s > 0).distinct().sorted().toList();
  }

  static boolean holds(Compiled c, VisitorFacts f) {
    ProactiveRule r = c.rule();
    if (c.url() != null && (f.url() == null || !c.url().matcher(f.url()).matches())) {
      return false;
    }
    if (f.secondsOnPage() < r.minSecondsOnPage() || f.visits() < r.minVisits()) {
      return false;
    }
    if (r.returning() != null && r.returning() != f.returning()) {
      return false;
    }
    if (r.minPastChats() != null && f.pastChats() < r.minPastChats()) {
      return false;
    }
    if (r.maxPastChats() != null && f.pastChats() > r.maxPastChats()) {
      return false;
    }
    for (Map.Entry<String, String> a : r.attrs().entrySet()) {
      if (!a.getValue().equals(f.attrs().get(a.getKey()))) {
        return false;
      }
    }
    if (c.seen() != null) {
      long since = f.now() - r.seenDays() * 86_400_000L;
      int n = 0;
      for (VisitorFacts.Page p : f.pagesSeen()) {
        if (p.ts() < since) {
          break;
        }
        if (c.seen().matcher(p.url()).matches() && ++n >= r.seenMin()) {
          break;
        }
      }
      if (n < r.seenMin()) {
        return false;
      }
    }
    return true;
  }

  // ---- storage ----

  public void reload() throws SQLException {
    rules = compile(list());
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
