package dev.frontline.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, one set for H2 and PostgreSQL. The files are
 * {@code db/migration/V<n>__<what>.sql}, listed in order in {@code db/migration/index.txt};
 * {@code schema_migrations} records which ran, and every listed file that has not run yet runs,
 * in the order of the list. On PostgreSQL an advisory lock keeps two
 * starting processes of a cluster from migrating at once.
 */
final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
  private static final long LOCK_KEY = 0x46524f4e544cL; // "FRONTL"

  private final Database db;

  Migrations(Database db) {
    this.db = db;
  }

  void migrate() {
    try (Connection c = db.connection()) {
      boolean pg = db.dialect() == Database.Dialect.POSTGRES;
      if (pg) {
        try (Statement st = c.createStatement()) {
          st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
        }
      }
      try {
        apply(c);
      } finally {
        if (pg) {
          try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("schema migration failed: " + e.getMessage(), e);
    }
  }

  private void apply(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
          + "version INT PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
    }
    java.util.Set<Integer> applied = new java.util.HashSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM schema_migrations")) {
      while (rs.next()) {
        applied.add(rs.getInt(1));
      }
    }
    for (String file : index()) {
      Matcher m = NAME.matcher(file);
      if (!m.matches()) {
        throw new IllegalStateException("bad migration file name: " + file);
      }
      int version = Integer.parseInt(m.group(1));
      if (applied.contains(version)) {
        continue;
      }
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        for (String sql : statements(read("db/migration/" + file))) {
          st.execute(sql);
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)")) {
          ps.setInt(1, version);
          ps.setString(2, m.group(2));
          ps.setLong(3, System.currentTimeMillis());
          ps.executeUpdate();
        }
        c.commit();
        log.info("event=db.migrated version={} name={}", version, m.group(2));
      } catch (SQLException e) {
        c.rollback();
        throw new SQLException("migration " + file + " failed: " + e.getMessage(), e);
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }

  private static List<String> index() {
    List<String> out = new ArrayList<>();
    for (String line : read("db/migration/index.txt").split("\n")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t);
      }
    }
    return out;
  }

  /** Splits a script on semicolons that end a line; comments starting with -- are dropped. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.startsWith("--") || t.isEmpty()) {
        continue;
      }
      cur.append(line).append('\n');
      if (t.endsWith(";")) {
        String sql = cur.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
