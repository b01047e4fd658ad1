package dev.frontline.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database as opened by the server: its settings, migrations, checkpoints and backups. */
class DatabaseTest {
  @TempDir
  Path dir;

  private ServerConfig config() {
    return ServerConfig.fromEnv(Map.of("FRONTLINE_DATA", dir.toString()));
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void everyPooledConnection_hasWalWithForcedCommits_noAutomaticCheckpoint_andForeignKeys() throws Exception {
    try (Database db = Database.open(config())) {
      assertEquals(Dialect.SQLITE, db.dialect());
      for (int i = 0; i < 3; i++) {
        try (Connection c = db.connection()) {
          assertEquals("wal", one(c, "PRAGMA journal_mode"));
          assertEquals("2", one(c, "PRAGMA synchronous"), "FULL: the WAL is forced at every commit");
          assertEquals("0", one(c, "PRAGMA wal_autocheckpoint"), "no checkpoint on a writer's commit");
          assertEquals("1", one(c, "PRAGMA foreign_keys"));
        }
      }
    }
  }

  @Test
  void theMigrationsRun_withChecksums_andAnEditedAppliedMigrationIsRefused() throws Exception {
    try (Database db = Database.open(config()); Connection c = db.connection()) {
      assertEquals(String.valueOf(newestMigration()),
          one(c, "SELECT MAX(CAST(version AS INT)) FROM flyway_schema_history WHERE success = TRUE"));
      assertEquals("0", one(c, "SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL"
          + " AND checksum IS NULL"));
      try (Statement st = c.createStatement()) {
        st.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
      }
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Database.open(config()));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  /** The highest V-number among the migration files the server ships. */
  private static int newestMigration() throws Exception {
    try (var files = Files.list(Path.of(Database.class.getResource("/db/migration").toURI()))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
    }
  }

  @Test
  void aDataDirectoryWrittenByTheH2Version_isRefusedWithAClearMessage() throws Exception {
    Files.createDirectories(dir.resolve("db"));
    Files.writeString(dir.resolve("db/frontline.mv.db"), "H:2,block:2,blockSize:1000,chunk:1,created:0,format:3",
        StandardCharsets.US_ASCII);
    Database.IncompatibleDataException e =
        assertThrows(Database.IncompatibleDataException.class, () -> Database.open(config()));
    assertTrue(e.getMessage().contains("H2") && e.getMessage().contains("FRONTLINE_DATA"), e.getMessage());
    assertTrue(!Files.exists(dir.resolve("db").resolve(Database.FILE)), "nothing is created beside it");
  }

  /**
   * The checkpointer copies the WAL into the file while the server runs, and at close leaves an
   * empty WAL even when another process still has the file open (an operator's {@code sqlite3},
   * a copy being taken): SQLite's own checkpoint at the last close does not happen then, the
   * checkpointer's {@code TRUNCATE} does.
   */
  @Test
  void theCheckpointerCopiesTheWalIntoTheFile_inTheBackground_andEmptiesItAtClose() throws Exception {
    Path file = dir.resolve("db").resolve(Database.FILE);
    Path wal = dir.resolve("db").resolve(Database.FILE + "-wal");
    Database db = Database.open(ServerConfig.fromEnv(
        Map.of("FRONTLINE_DATA", dir.toString(), "FRONTLINE_DB_CHECKPOINT_MS", "20")));
    try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (db) {
        assertEquals("0", one(outside, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = FALSE"));
        long before = Files.size(file);
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
          st.execute("CREATE TABLE bulk (n INT, pad VARCHAR(200))");
          st.execute("WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 20000)"
              + " INSERT INTO bulk SELECT n, printf('%0200d', n) FROM s");
        }
        assertTrue(Files.size(wal) > 1_000_000, "the commit went to the WAL");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.size(file) < before + 1_000_000 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertTrue(Files.size(file) >= before + 1_000_000, "checkpointed into the database file");
        assertTrue(Files.size(wal) > 1_000_000, "a passive checkpoint leaves the WAL's size as it is");
      }
      assertEquals(0, Files.size(wal), "the checkpoint at close leaves nothing to replay");
      assertEquals("20000", one(outside, "SELECT COUNT(*) FROM bulk"));
    }
  }

  /**
   * The background checkpoint is {@code PASSIVE}: while a reader stays on an old snapshot (a long
   * report, a backup), it copies what it can and returns, and never makes a writer wait. A {@code
   * FULL}, {@code RESTART} or {@code TRUNCATE} checkpoint would take the write lock and wait for
   * that reader for up to the busy timeout (10 s), holding every writer up meanwhile.
   */
  @Test
  void theBackgroundCheckpointIsPassive_aReaderOnAnOldSnapshotHoldsNoWriterUp() throws Exception {
    try (Database db = Database.open(ServerConfig.fromEnv(
        Map.of("FRONTLINE_DATA", dir.toString(), "FRONTLINE_DB_CHECKPOINT_MS", "20")))) {
      try (Connection c = db.connection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE pw (n INT)");
        st.execute("INSERT INTO pw (n) VALUES (0)");
      }
      try (Connection reader = db.connection()) {
        reader.setAutoCommit(false);
        assertEquals("1", one(reader, "SELECT COUNT(*) FROM pw"));
        long worst = 0;
        // About a second of writes: some fifty checkpoints are tried meanwhile.
        for (int i = 1; i <= 50; i++) {
          long t = System.nanoTime();
          try (Connection w = db.connection(); Statement st = w.createStatement()) {
            st.execute("INSERT INTO pw (n) VALUES (" + i + ")");
          }
          worst = Math.max(worst, System.nanoTime() - t);
          Thread.sleep(20);
        }
        assertEquals("1", one(reader, "SELECT COUNT(*) FROM pw"), "the reader kept its snapshot");
        reader.rollback();
        assertTrue(worst < Duration.ofSeconds(3).toNanos(), "slowest write " + worst / 1_000_000 + " ms");
      }
    }
  }

  @Test
  void aBackupIsACompleteDatabase_thatOpensOnItsOwn() throws Exception {
    Path target = dir.resolve("copy.db");
    try (Database db = Database.open(config())) {
      try (Connection c = db.connection(); Statement st = c.createStatement()) {
        st.execute("INSERT INTO skill_groups (id, name, created_at) VALUES ('g1', 'Group one', 1)");
      }
      db.backupTo(target);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target)) {
      assertEquals("ok", one(c, "PRAGMA integrity_check"));
      assertEquals("Group one", one(c, "SELECT name FROM skill_groups WHERE id = 'g1'"));
    }
  }
}
