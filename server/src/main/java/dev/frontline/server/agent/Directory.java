package dev.frontline.server.agent;

import dev.frontline.server.auth.Passwords;
import dev.frontline.server.auth.Role;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.frontline.server.store.Dialect;

/** Accounts and skill groups in the database. Blocking: call from a worker pool. */
public final class Directory {
  /** A skill group (梯队) with its queue rules. */
  public record Group(String id, String name, String overflowGroup, int overflowAfterSeconds, int maxWaitSeconds) {
    public dev.frontline.server.routing.GroupRule rule() {
      return new dev.frontline.server.routing.GroupRule(id, overflowGroup, overflowAfterSeconds, maxWaitSeconds);
    }
  }

  private final Database db;
  private final Clock clock;
  private volatile Map<String, Group> groups = Map.of();

  public Directory(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  // ---- groups ----

  public void reloadGroups() throws SQLException {
    Map<String, Group> m = new LinkedHashMap<>();
    Map<String, Long> created = new HashMap<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT g.id, g.name, g.created_at, r.overflow_group,"
            + " r.overflow_after_seconds, r.max_wait_seconds FROM skill_groups g LEFT JOIN group_rules r ON r.group_id = g.id"
            + " ORDER BY g.created_at, g.id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        m.put(rs.getString(1), new Group(rs.getString(1), rs.getString(2), rs.getString(4), rs.getInt(5), rs.getInt(6)));
        created.put(rs.getString(1), rs.getLong(3));
      }
    }
    createdAt = Map.copyOf(created);
    groups = Map.copyOf(m);
    orderedGroups = List.copyOf(m.values());
  }

  private volatile List<Group> orderedGroups = List.of();
  private volatile Map<String, Long> createdAt = Map.of();

  public List<Group> groups() {
    return orderedGroups;
  }

  public boolean groupExists(String id) {
    return id != null && groups.containsKey(id);
  }

  public Group group(String id) {
    return id == null ? null : groups.get(id);
  }

  /** Renames a group and sets its queue rules (null overflow group: none; 0 seconds: no limit). */
  public void updateGroup(String id, String name, String overflowGroup, int overflowAfterSeconds, int maxWaitSeconds)
      throws SQLException {
    if (!groupExists(id)) {
      throw ApiException.notFound("group " + id);
    }
    if (overflowGroup != null && (!groupExists(overflowGroup) || overflowGroup.equals(id))) {
      throw ApiException.invalid("overflowTo", "must name another existing group");
    }
    try (Connection c = db.connection()) {
      Dialect.beginWrite(c);
      try {
        if (name != null) {
          try (PreparedStatement ps = c.prepareStatement("UPDATE skill_groups SET name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, id);
            ps.executeUpdate();
          }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM group_rules WHERE group_id = ?");
            PreparedStatement ins = c.prepareStatement("INSERT INTO group_rules (group_id, overflow_group,"
                + " overflow_after_seconds, max_wait_seconds) VALUES (?, ?, ?, ?)")) {
          del.setString(1, id);
          del.executeUpdate();
          ins.setString(1, id);
          ins.setString(2, overflowGroup);
          ins.setInt(3, overflowAfterSeconds);
          ins.setInt(4, maxWaitSeconds);
          ins.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    reloadGroups();
  }

  /** Creates a group; 409 when the id is taken. Groups list in the order they were created. */
  public void createGroup(String id, String name) throws SQLException {
    long now = clock.millis();
    for (Group g : orderedGroups) {
      now = Math.max(now, createdAt.getOrDefault(g.id(), 0L) + 1);
    }
    createGroup(id, name, now);
  }

  private void createGroup(String id, String name, long createdAtMillis) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO skill_groups (id, name, created_at) VALUES (?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, name);
      ps.setLong(3, createdAtMillis);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (uniqueViolation(e)) {
        throw ApiException.conflict("group '" + id + "' exists");
      }
      throw e;
    }
    reloadGroups();
  }

  // ---- users ----

  /** Creates an account; 409 when the user name is taken, 400 for an unknown group. */
  public long createUser(String username, String password, String displayName, Set<Role> roles, Set<String> groupIds,
      int maxChats) throws SQLException {
    for (String g : groupIds) {
      if (!groupExists(g)) {
        throw ApiException.invalid("groups", "names an unknown group '" + g + "'");
      }
    }
    String hash = Passwords.hash(password);
    try (Connection c = db.connection()) {
      Dialect.beginWrite(c);
      try {
        long id;
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO users (username, password_hash, display_name, roles, max_chats, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            new String[] {"id"})) {
          ps.setString(1, username);
          ps.setString(2, hash);
          ps.setString(3, displayName);
          ps.setString(4, String.join(",", roles.stream().map(Role::wire).sorted().toList()));
          ps.setInt(5, maxChats);
          ps.setLong(6, clock.millis());
          ps.executeUpdate();
          try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
          }
        }
        insertGroups(c, id, groupIds);
        c.commit();
        return id;
      } catch (SQLException e) {
        c.rollback();
        if (uniqueViolation(e)) {
          throw ApiException.conflict("user name '" + username + "' is taken");
        }
        throw e;
      }
    }
  }

  /** Changes an account; null arguments leave the field as it is. */
  public void updateUser(long id, String password, String displayName, Set<Role> roles, Set<String> groupIds,
      Integer maxChats, Boolean disabled) throws SQLException {
    if (groupIds != null) {
      for (String g : groupIds) {
        if (!groupExists(g)) {
          throw ApiException.invalid("groups", "names an unknown group '" + g + "'");
        }
      }
    }
    String hash = password == null ? null : Passwords.hash(password);
    try (Connection c = db.connection()) {
      Dialect.beginWrite(c);
      try {
        if (byId(c, id) == null) {
          throw ApiException.notFound("user " + id);
        }
        update(c, id, "password_hash", hash);
        update(c, id, "display_name", displayName);
        update(c, id, "roles", roles == null ? null : String.join(",", roles.stream().map(Role::wire).sorted().toList()));
        update(c, id, "max_chats", maxChats);
        update(c, id, "disabled", disabled);
        if (groupIds != null) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_groups WHERE user_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
          }
          insertGroups(c, id, groupIds);
        }
        if (password != null || Boolean.TRUE.equals(disabled)) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM auth_sessions WHERE user_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void update(Connection c, long id, String column, Object value) throws SQLException {
    if (value == null) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE users SET " + column + " = ? WHERE id = ?")) {
      ps.setObject(1, value);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  private static void insertGroups(Connection c, long userId, Set<String> groupIds) throws SQLException {
    if (groupIds.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_groups (user_id, group_id) VALUES (?, ?)")) {
      for (String g : groupIds) {
        ps.setLong(1, userId);
        ps.setString(2, g);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A user and its password hash, for login. */
  public record Credentials(User user, String passwordHash) {}

  public Credentials credentials(String username) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, username, display_name, roles, max_chats, disabled, password_hash FROM users WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long id = rs.getLong(1);
        User u = new User(id, rs.getString(2), rs.getString(3), roles(rs.getString(4)), groupsOf(c, id), rs.getInt(5),
            rs.getBoolean(6));
        return new Credentials(u, rs.getString(7));
      }
    }
  }

  public User byId(long id) throws SQLException {
    try (Connection c = db.connection()) {
      return byId(c, id);
    }
  }

  private User byId(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, username, display_name, roles, max_chats, disabled FROM users WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new User(id, rs.getString(2), rs.getString(3), roles(rs.getString(4)), groupsOf(c, id), rs.getInt(5),
            rs.getBoolean(6));
      }
    }
  }

  public List<User> list() throws SQLException {
    List<User> out = new ArrayList<>();
    try (Connection c = db.connection()) {
      Map<Long, Set<String>> memberships = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT user_id, group_id FROM user_groups");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          memberships.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getString(2));
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, username, display_name, roles, max_chats, disabled FROM users ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          out.add(new User(id, rs.getString(2), rs.getString(3), roles(rs.getString(4)),
              memberships.getOrDefault(id, Set.of()), rs.getInt(5), rs.getBoolean(6)));
        }
      }
    }
    return out;
  }

  public boolean anyUser() throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  private static Set<String> groupsOf(Connection c, long userId) throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT group_id FROM user_groups WHERE user_id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  static Set<Role> roles(String csv) {
    Set<Role> out = EnumSet.noneOf(Role.class);
    for (String s : csv.split(",")) {
      Role r = Role.parse(s.strip());
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** True when the exception is a unique-key violation, on either engine. */
  public static boolean uniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && Dialect.uniqueViolation(s)) {
        return true;
      }
    }
    return false;
  }
}
