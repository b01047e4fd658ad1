package dev.frontline.server.stats;

import dev.frontline.server.agent.Directory;
import dev.frontline.server.agent.User;
import dev.frontline.server.config.Settings;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * CONTRACT section 7's figures from what is stored: over the whole period, per agent, per group
 * and per hour or day. Blocking (JDBC): call from an API thread. Definitions: docs/kpis.md.
 */
public final class Kpis {
  /** Most buckets one series answers (a year of hours). */
  static final int MAX_BUCKETS = 24 * 366;

  private final Database db;
  private final Settings settings;
  private final Directory directory;

  public Kpis(Database db, Settings settings, Directory directory) {
    this.db = db;
    this.settings = settings;
    this.directory = directory;
  }

  private KpiQuery.Targets targets() {
    return new KpiQuery.Targets(TimeUnit.SECONDS.toMillis(settings.number("firstResponseTargetSeconds")),
        TimeUnit.HOURS.toMillis(settings.number("fcrWindowHours")));
  }

  private Map<Object, Figures> run(KpiFilter f, KpiQuery.Split split) throws SQLException {
    Map<Object, Figures> rows = new HashMap<>();
    try (Connection c = db.connection()) {
      KpiQuery q = new KpiQuery(c, f, split);
      q.conversations(targets(), k -> rows.computeIfAbsent(k, x -> new Figures()));
      q.tickets(k -> rows.computeIfAbsent(k, x -> new Figures()));
      q.agentTime(k -> rows.computeIfAbsent(k, x -> new Figures()));
    }
    return rows;
  }

  /** The whole period. */
  public Map<String, Object> summary(KpiFilter f) throws SQLException {
    Figures x = run(f, new KpiQuery.Whole()).getOrDefault(Boolean.TRUE, new Figures());
    Map<String, Object> m = period(f.from(), f.to());
    m.putAll(x.view());
    return m;
  }

  /** One row per agent with any figure in the period, by name. */
  public List<Map<String, Object>> agents(KpiFilter f) throws SQLException {
    Map<Object, Figures> rows = run(f, new KpiQuery.ByAgent());
    Map<Long, User> users = new HashMap<>();
    for (User u : directory.list()) {
      users.put(u.id(), u);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<Object, Figures> e : rows.entrySet()) {
      long id = (Long) e.getKey();
      User u = users.get(id);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("agentId", id);
      m.put("username", u == null ? null : u.username());
      m.put("name", u == null ? "#" + id : u.displayName());
      m.putAll(e.getValue().view());
      out.add(m);
    }
    out.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
    return out;
  }

  /** One row per group with any figure in the period (a conversation counts in the group it was in last). */
  public List<Map<String, Object>> groups(KpiFilter f) throws SQLException {
    Map<Object, Figures> rows = run(f, new KpiQuery.ByGroup());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<Object, Figures> e : new TreeMap<>(rows).entrySet()) {
      String id = (String) e.getKey();
      Directory.Group g = directory.group(id);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("groupId", id);
      m.put("name", g == null ? id : g.name());
      m.putAll(e.getValue().view());
      out.add(m);
    }
    return out;
  }

  /**
   * One row per bucket from the one holding {@code from} to the one holding {@code to - 1},
   * empty buckets included; buckets start at the zone's midnight or full hour (the zone's offset
   * at {@code from}).
   */
  public List<Map<String, Object>> series(KpiFilter f, long bucketMs, ZoneId zone) throws SQLException {
    long offset = zone.getRules().getOffset(Instant.ofEpochMilli(f.from())).getTotalSeconds() * 1000L;
    KpiQuery.ByTime split = new KpiQuery.ByTime(bucketMs, offset);
    long first = split.key(f.from());
    long last = split.key(Math.max(f.from(), f.to() - 1));
    if (last - first + 1 > MAX_BUCKETS) {
      throw new IllegalArgumentException("more than " + MAX_BUCKETS + " buckets");
    }
    Map<Object, Figures> rows = run(f, split);
    List<Map<String, Object>> out = new ArrayList<>();
    for (long k = first; k <= last && f.to() > f.from(); k++) {
      Map<String, Object> m = period(split.start(k), split.start(k + 1));
      m.putAll(rows.getOrDefault(k, new Figures()).view());
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> period(long from, long to) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", from);
    m.put("to", to);
    return m;
  }
}
