package dev.frontline.bench.kpi;

import dev.frontline.bench.SuppressForbidden;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.auth.Passwords;
import dev.frontline.server.auth.Role;
import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.routing.MenuCatalog;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code kpi-fill}: fills a fresh Frontline database (opened and migrated by the server's own
 * {@link Database}) with a synthetic history of conversations, their messages, assignments,
 * transfers, take-overs, ratings, work orders, trail events and agents' online and busy time, in
 * the server's tables and columns, for the KPI benchmark (bench/kpi.sh, docs/performance.md).
 *
 * <pre>
 *   kpi-fill --data DIR | --db-url jdbc:postgresql://.../test?currentSchema=s [--db-user postgres]
 *            [--conversations 1000000] [--end 2026-12-01] [--months 9] [--zone Asia/Shanghai]
 *            [--agents 200] [--supervisors 4] [--seed 1] [--admin-password admin-pass-1]
 * </pre>
 */
@SuppressForbidden
public final class KpiFill {
  private static final int CHUNK = 20_000;

  private KpiFill() {}

  public static int run(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int n = Integer.parseInt(o.getOrDefault("conversations", "1000000"));
    ZoneId zone = ZoneId.of(o.getOrDefault("zone", "Asia/Shanghai"));
    LocalDate endDay = LocalDate.parse(o.getOrDefault("end", "2026-12-01"));
    int months = Integer.parseInt(o.getOrDefault("months", "9"));
    long end = endDay.atStartOfDay(zone).toInstant().toEpochMilli();
    long start = endDay.minusMonths(months).atStartOfDay(zone).toInstant().toEpochMilli();
    int agents = Integer.parseInt(o.getOrDefault("agents", "200"));
    int supervisors = Integer.parseInt(o.getOrDefault("supervisors", "4"));
    long seed = Long.parseLong(o.getOrDefault("seed", "1"));

    Map<String, String> env = new HashMap<>();
    env.put("FRONTLINE_DATA", o.getOrDefault("data", "./data"));
    env.put("FRONTLINE_DEMO", "0");
    if (o.containsKey("db-url")) {
      env.put("FRONTLINE_DB_URL", o.get("db-url"));
      env.put("FRONTLINE_DB_USER", o.getOrDefault("db-user", "postgres"));
      env.put("FRONTLINE_DB_PASSWORD", o.getOrDefault("db-password", ""));
    }
    long t0 = System.nanoTime();
    try (Database db = Database.open(ServerConfig.fromEnv(env))) {
      refuseFilled(db);
      Accounts accounts = accounts(db, agents, supervisors, o.getOrDefault("admin-password", "admin-pass-1"));
      long t1 = System.nanoTime();
      History h = new History(n, start, end, zone, agents, supervisors, seed);
      long t2 = System.nanoTime();
      System.out.printf("history decided: %,d conversations, %,d visitors, %s to %s (%s) in %.1f s%n", n,
          h.visitorVisits.length, endDay.minusMonths(months), endDay, zone, (t2 - t1) / 1e9);
      long rows = conversations(db, h, accounts, seed);
      long t3 = System.nanoTime();
      System.out.printf("conversations written: %,d rows in %.1f s (%,.0f rows/s)%n", rows, (t3 - t2) / 1e9,
          rows / ((t3 - t2) / 1e9));
      long timeRows = agentTime(db, h, accounts.agents(), seed);
      long t4 = System.nanoTime();
      System.out.printf("agent_time written: %,d rows in %.1f s%n", timeRows, (t4 - t3) / 1e9);
      if (db.dialect() == Dialect.POSTGRES) {
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
          st.execute("VACUUM ANALYZE");
        }
        System.out.printf("VACUUM ANALYZE (what autovacuum does after a bulk change) in %.1f s%n",
            (System.nanoTime() - t4) / 1e9);
      }
      System.out.printf("fill done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      counts(db);
    }
    return 0;
  }

  /** The generated accounts' database ids, by index. */
  record Accounts(long[] agents, long[] supervisors) {}

  private static void refuseFilled(Database db) throws SQLException {
    try (Connection c = db.connection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM conversations")) {
      rs.next();
      if (rs.getLong(1) > 0) {
        throw new IllegalStateException("the database already holds " + rs.getLong(1)
            + " conversations: kpi-fill fills a fresh one");
      }
    }
  }

  /**
   * The groups of the default menu (as the server's first start creates them), an admin when there
   * is no account yet, the agents (each in its groups) and the supervisors.
   */
  private static Accounts accounts(Database db, int agents, int supervisors, String adminPassword)
      throws SQLException {
    Directory dir = new Directory(db, Clock.systemUTC());
    dir.reloadGroups();
    for (var e : MenuCatalog.DEFAULTS) {
      if (!dir.groupExists(e.groupId())) {
        dir.createGroup(e.groupId(), e.label());
      }
    }
    if (!dir.anyUser()) {
      dir.createUser("admin", adminPassword, "管理员", EnumSet.of(Role.ADMIN, Role.SUPERVISOR), Set.of(), 5);
    }
    List<List<Integer>> members = History.groupMembers(agents);
    String hash = Passwords.hash("bench-agent-pass");
    long now = System.currentTimeMillis();
    long[] agentIds = new long[agents];
    long[] supervisorIds = new long[supervisors];
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      for (int a = 0; a < agents; a++) {
        agentIds[a] = user(c, "bench-agent-" + (a + 1), hash, Rows.agentName(a), "agent", now);
      }
      for (int s = 0; s < supervisors; s++) {
        supervisorIds[s] = user(c, "bench-supervisor-" + (s + 1), hash, "主管" + (s + 1), "supervisor", now);
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_groups (user_id, group_id) VALUES (?, ?)")) {
        for (int g = 0; g < History.GROUPS.length; g++) {
          for (int a : members.get(g)) {
            ps.setLong(1, agentIds[a]);
            ps.setString(2, History.GROUPS[g]);
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
    return new Accounts(agentIds, supervisorIds);
  }

  private static long user(Connection c, String username, String hash, String name, String roles, long now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (username, password_hash, display_name, roles,"
        + " max_chats, created_at) VALUES (?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
      ps.setString(1, username);
      ps.setString(2, hash);
      ps.setString(3, name);
      ps.setString(4, roles);
      ps.setInt(5, 5);
      ps.setLong(6, now);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static long conversations(Database db, History h, Accounts accounts, long seed) throws Exception {
    Rows rows = new Rows(h, accounts.agents(), accounts.supervisors());
    SplittableRandom r = new SplittableRandom(seed * 31 + 7);
    Chunk chunk = new Chunk();
    long began = System.nanoTime();
    try (Connection c = db.connection(); Sink sink = new Sink(c)) {
      for (int i = 0; i < h.convs.length; i++) {
        rows.add(h.convs[i], chunk, r);
        if ((i + 1) % CHUNK == 0 || i + 1 == h.convs.length) {
          sink.write(chunk);
          if ((i + 1) % 100_000 == 0) {
            System.out.printf("  %,d conversations, %,d rows, %.0f s%n", i + 1, sink.rowsWritten,
                (System.nanoTime() - began) / 1e9);
          }
        }
      }
      return sink.rowsWritten;
    }
  }

  /**
   * Agents' online and busy time as the server's WorkClock leaves it: rows cut at each quarter hour.
   * Each agent works five days in seven, an eight-hour shift from 08:00 or 13:00 (zone time), busy a
   * part of each quarter hour.
   */
  private static long agentTime(Database db, History h, long[] agentIds, long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed * 17 + 3);
    long slot = 15 * 60_000L;
    Chunk chunk = new Chunk();
    try (Connection c = db.connection(); Sink sink = new Sink(c)) {
      LocalDate first = java.time.Instant.ofEpochMilli(h.start).atZone(h.zone).toLocalDate();
      int day = 0;
      for (LocalDate d = first; d.atStartOfDay(h.zone).toInstant().toEpochMilli() < h.end; d = d.plusDays(1), day++) {
        long midnight = d.atStartOfDay(h.zone).toInstant().toEpochMilli();
        for (int a = 0; a < agentIds.length; a++) {
          if ((a + day) % 7 >= 5) {
            continue;
          }
          long shift = midnight + (a % 2 == 0 ? 8 : 13) * 3_600_000L;
          for (int q = 0; q < 32; q++) {
            long s = shift + q * slot;
            chunk.add(Table.AGENT_TIME, agentIds[a], "online", s, s + slot);
            chunk.add(Table.AGENT_TIME, agentIds[a], "busy", s, s + slot / 4 + r.nextLong(slot * 3 / 4));
          }
        }
        if (day % 10 == 9) {
          sink.write(chunk);
        }
      }
      sink.write(chunk);
      return sink.rowsWritten;
    }
  }

  private static void counts(Database db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      for (Table t : Table.values()) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.sqlName)) {
          rs.next();
          out.add(t.sqlName + "=" + rs.getLong(1));
        }
      }
    }
    System.out.println("rows: " + String.join(" ", out));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
  }
}
