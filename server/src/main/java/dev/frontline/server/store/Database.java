package dev.frontline.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.frontline.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool to the embedded H2 database (a file in the data directory) or to an
 * external PostgreSQL. Both run the same migrations and the same SQL; see docs/decisions.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** Which engine is behind the pool. */
  public enum Dialect {
    H2,
    POSTGRES
  }

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final java.nio.file.Path dir;
  /** Journals whose acknowledged writes a reader must wait for (embedded database). */
  private final java.util.List<Journal> journals = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** PostgreSQL: how the health probe opens its own connection; null on the embedded database. */
  private final ProbeTarget probeTarget;
  /** The health probe's own connection (PostgreSQL); only the probe thread touches it. */
  private Connection probeConnection;

  /** Where and as whom the health probe connects, with short timeouts. */
  private record ProbeTarget(String url, java.util.Properties props) {}

  private Database(HikariDataSource pool, Dialect dialect, java.nio.file.Path dir, ProbeTarget probeTarget) {
    this.pool = pool;
    this.dialect = dialect;
    this.dir = dir;
    this.probeTarget = probeTarget;
  }

  /** Where a journal keeps its write-ahead log (embedded database only). */
  public java.nio.file.Path walDir(String journal) {
    return dir.resolve("wal-" + journal);
  }

  /**
   * Makes writes committed outside the journals (accounts, settings, FAQ edits...) reach the
   * file before the caller answers: on the embedded database a checkpoint, on PostgreSQL
   * nothing (its commit is durable).
   */
  public void flush() throws SQLException {
    if (dialect == Dialect.H2) {
      try (Connection c = pool.getConnection(); var st = c.createStatement()) {
        st.execute("CHECKPOINT");
      }
    }
  }

  /** Opens the database the configuration names and brings its schema up to date. */
  public static Database open(ServerConfig config) {
    HikariConfig hc = new HikariConfig();
    Dialect dialect;
    if (config.embeddedDatabase()) {
      Path dir = config.dataDir().resolve("db");
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new IllegalStateException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
      }
      // MODE=PostgreSQL and lower-case identifiers keep one SQL for both engines. H2 writes its
      // pages in the background; what must survive a crash is made durable by the journals'
      // write-ahead logs (see Journal) or by flush() after other writes.
      hc.setJdbcUrl("jdbc:h2:file:" + dir.resolve("frontline")
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
      hc.setUsername("frontline");
      hc.setPassword("");
      dialect = Dialect.H2;
    } else {
      hc.setJdbcUrl(config.dbUrl());
      if (config.dbUser() != null) {
        hc.setUsername(config.dbUser());
      }
      if (config.dbPassword() != null) {
        hc.setPassword(config.dbPassword());
      }
      dialect = Dialect.POSTGRES;
    }
    hc.setPoolName("db");
    hc.setMaximumPoolSize(12);
    hc.setMinimumIdle(2);
    hc.setConnectionTimeout(10_000);
    hc.setInitializationFailTimeout(15_000);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot open the database (" + describe(config) + "): " + rootMessage(e), e);
    }
    Database db = new Database(ds, dialect, config.dataDir().resolve("db"), probeTarget(config));
    try {
      new Migrations(db).migrate();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    log.info("event=db.open dialect={} target={}", dialect, describe(config));
    return db;
  }

  private static ProbeTarget probeTarget(ServerConfig config) {
    if (config.embeddedDatabase()) {
      return null;
    }
    java.util.Properties p = new java.util.Properties();
    if (config.dbUser() != null) {
      p.setProperty("user", config.dbUser());
    }
    if (config.dbPassword() != null) {
      p.setProperty("password", config.dbPassword());
    }
    // Seconds: a dead network is noticed within the probe's own budget, not the pool's.
    p.setProperty("connectTimeout", "2");
    p.setProperty("loginTimeout", "3");
    p.setProperty("socketTimeout", "3");
    p.setProperty("ApplicationName", "frontline-health");
    return new ProbeTarget(config.dbUrl(), p);
  }

  /**
   * Checks that the database answers within a few seconds; throws when it does not. On
   * PostgreSQL on a connection of the probe's own, outside the pool, so that a pool busy with
   * retrying journals does not look like a dead database and a dead one is seen at once. Blocks:
   * call it from the health probe's thread only.
   */
  public void probe() throws SQLException {
    if (probeTarget == null) {
      try (Connection c = pool.getConnection(); var st = c.createStatement()) {
        st.execute("SELECT 1");
      }
      return;
    }
    if (probeConnection != null && !probeConnection.isValid(2)) {
      closeProbeConnection();
    }
    if (probeConnection == null) {
      probeConnection = java.sql.DriverManager.getConnection(probeTarget.url(), probeTarget.props());
    }
    try (var st = probeConnection.createStatement()) {
      st.execute("SELECT 1");
    } catch (SQLException e) {
      closeProbeConnection();
      throw e;
    }
  }

  private void closeProbeConnection() {
    Connection c = probeConnection;
    probeConnection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already broken
      }
    }
  }

  private static String describe(ServerConfig config) {
    return config.embeddedDatabase() ? config.dataDir().resolve("db").toString() : config.dbUrl();
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage();
  }

  public Dialect dialect() {
    return dialect;
  }

  public DataSource dataSource() {
    return pool;
  }

  /**
   * A connection for reading and writing that sees every write the journals have acknowledged:
   * on the embedded database it first waits until they hold all that was logged (usually well
   * under a millisecond; a {@link java.sql.SQLTransientException} after 10 s of backlog).
   */
  public Connection connection() throws SQLException {
    for (Journal j : journals) {
      j.awaitApplied();
    }
    return pool.getConnection();
  }

  /** A connection without that wait: for the journals themselves and checkpoints. */
  Connection rawConnection() throws SQLException {
    return pool.getConnection();
  }

  void register(Journal journal) {
    journals.add(journal);
  }

  void unregister(Journal journal) {
    journals.remove(journal);
  }

  @Override
  public void close() {
    if (dialect == Dialect.H2) {
      try (Connection c = pool.getConnection(); var st = c.createStatement()) {
        st.execute("CHECKPOINT SYNC");
      } catch (SQLException e) {
        log.warn("event=db.checkpoint_failed reason={}", e.getMessage());
      }
    }
    // The health probe has stopped by now (it is closed before the database).
    closeProbeConnection();
    pool.close();
  }
}
