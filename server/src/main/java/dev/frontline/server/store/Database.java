package dev.frontline.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.frontline.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool to the embedded SQLite database (a file in the data directory) or to an
 * external PostgreSQL. Both run the same migrations and the same SQL; the few differences are in
 * {@link Dialect}. On both, a commit is durable when it returns (decision 0008): SQLite runs in
 * WAL mode with {@code synchronous=FULL}, so every commit forces the WAL; automatic checkpoints
 * are off and a {@link Checkpointer} copies the WAL into the database file from its own
 * connection, never on a writer's commit.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  /** The embedded database's file, under {@code <data>/db/}. */
  static final String FILE = "frontline.db";
  /** Where the embedded database of a data directory lives. */
  public static Path embeddedFile(Path dataDir) {
    return dataDir.resolve("db").resolve(FILE);
  }

  /** How long a SQLite writer waits for another's write lock before giving up. */
  private static final int BUSY_TIMEOUT_MS = 10_000;

  /** The data directory holds something this version cannot open: exit 2 with the message. */
  public static final class IncompatibleDataException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    IncompatibleDataException(String message) {
      super(message);
    }
  }

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final Path file;
  private final Checkpointer checkpointer;
  /** The journals' writers take turns on SQLite's one write lock here, not in its busy handler's sleeps. */
  private final ReentrantLock journalTurns = new ReentrantLock();

  /** PostgreSQL: how the health probe opens its own connection; null on the embedded database. */
  private final ProbeTarget probeTarget;
  /** The health probe's own connection (PostgreSQL); only the probe thread touches it. */
  private Connection probeConnection;

  /** Where and as whom the health probe connects, with short timeouts. */
  private record ProbeTarget(String url, java.util.Properties props) {}

  private Database(HikariDataSource pool, Dialect dialect, Path file, Checkpointer checkpointer,
      ProbeTarget probeTarget) {
    this.pool = pool;
    this.dialect = dialect;
    this.file = file;
    this.checkpointer = checkpointer;
    this.probeTarget = probeTarget;
  }

  /** Opens the database the configuration names and brings its schema up to date. */
  public static Database open(ServerConfig config) {
    HikariConfig hc = new HikariConfig();
    Dialect dialect;
    Path file = null;
    if (config.embeddedDatabase()) {
      Path dir = config.dataDir().resolve("db");
      refuseH2(dir);
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new IllegalStateException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
      }
      file = dir.resolve(FILE);
      hc.setDataSource(sqlite(file));
      dialect = Dialect.SQLITE;
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
    Checkpointer checkpointer = null;
    try {
      Migrations.migrate(ds, dialect);
      if (file != null) {
        checkpointer = Checkpointer.start(sqlite(file), config.limits().checkpointInterval());
      }
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    log.info("event=db.open dialect={} target={}", dialect, describe(config));
    return new Database(ds, dialect, file, checkpointer, probeTarget(config));
  }

  /**
   * The pragmas every connection to the embedded file gets: WAL with a forced commit, no
   * automatic checkpoint (the {@link Checkpointer} does them), foreign keys enforced, and a busy
   * timeout for writers that meet another's write lock.
   */
  static SQLiteDataSource sqlite(Path file) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    c.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
    c.setJournalSizeLimit(64 * 1024 * 1024);
    c.enforceForeignKeys(true);
    c.setBusyTimeout(BUSY_TIMEOUT_MS);
    SQLiteDataSource ds = new SQLiteDataSource(c);
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }

  /**
   * A data directory written by the H2 version (before decision 0008) holds {@code
   * db/frontline.mv.db} and the journals' {@code db/wal-*} logs; there are no deployments to
   * migrate, so it is refused with a message rather than silently started empty beside it.
   */
  private static void refuseH2(Path dir) {
    if (Files.exists(dir.resolve("frontline.mv.db")) || Files.isDirectory(dir.resolve("wal-chat"))) {
      throw new IncompatibleDataException("the data directory " + dir.getParent() + " was written by an older"
          + " Frontline (H2 database, db/frontline.mv.db); this version keeps its data in SQLite (db/" + FILE
          + ") and does not convert it. Start with an empty FRONTLINE_DATA, or keep running the older version on this"
          + " one (see docs/operations.md, \"Data written by the H2 version\").");
    }
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
    return config.embeddedDatabase() ? config.dataDir().resolve("db").resolve(FILE).toString() : config.dbUrl();
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

  /** A pooled connection; every write acknowledged before this call is visible to it. */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /**
   * Takes a borrowed connection out of the pool for good and closes it (do not close it again):
   * for a connection whose state is not known after a failure. SQLite, for one, rolls a
   * transaction back on its own after a full disk or an I/O error, and its driver then runs the
   * next writes outside any transaction, each committed alone.
   */
  void discard(Connection c) {
    pool.evictConnection(c);
  }

  private volatile Fence fence = Fence.NONE;

  /** Sets the check every journal transaction runs first (the cluster leader's fencing number). */
  public void fence(Fence f) {
    fence = f;
  }

  Fence fence() {
    return fence;
  }

  /** Where journals take turns writing on the embedded database; null on PostgreSQL (row locks suffice). */
  ReentrantLock journalTurns() {
    return dialect == Dialect.SQLITE ? journalTurns : null;
  }

  /**
   * Writes a consistent copy of the embedded database to {@code target} while chats go on
   * ({@code VACUUM INTO}: one read transaction, so writers are not held up; the copy is a
   * complete SQLite file, compacted). {@code target} must not exist.
   */
  public void backupTo(Path target) throws SQLException {
    if (dialect != Dialect.SQLITE) {
      throw new IllegalStateException("an online backup of PostgreSQL is taken with its own tools (pg_dump)");
    }
    try (Connection c = pool.getConnection(); var ps = c.prepareStatement("VACUUM INTO ?")) {
      ps.setString(1, target.toString());
      ps.execute();
    }
  }

  /** The embedded database's file, or null on PostgreSQL. */
  public Path file() {
    return file;
  }

  @Override
  public void close() {
    // The health probe has stopped by now (it is closed before the database).
    closeProbeConnection();
    pool.close();
    if (checkpointer != null) {
      checkpointer.close();
    }
  }
}
