package dev.frontline.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.frontline.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal over the real embedded database (SQLite in a temporary data directory). */
class JournalTest {
  @TempDir
  Path dir;

  /** The embedded database in {@link #dir}, with one table made by {@code createTable}. */
  private Database openWith(String createTable) throws SQLException {
    Database db = Database.open(ServerConfig.fromEnv(Map.of("FRONTLINE_DATA", dir.toString())));
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      st.execute(createTable);
    }
    return db;
  }

  private static int count(Database db, String table) throws SQLException {
    try (Connection c = db.connection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void writesCommitInSubmissionOrder_inFewerTransactionsThanWrites_andARefusedWriteFailsAlone() throws Exception {
    try (Database db = openWith("CREATE TABLE jt (n INT PRIMARY KEY, at BIGINT NOT NULL)")) {
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      CompletableFuture<Void> dup;
      try (Journal journal = new Journal("test", db, 10_000, 500)) {
        for (int i = 0; i < 2_000; i++) {
          futures.add(journal.submit(new Journal.Write("INSERT INTO jt (n, at) VALUES (?, ?)", i, System.nanoTime())));
        }
        dup = journal.submit(new Journal.Write("INSERT INTO jt (n, at) VALUES (?, ?)", 5, 0L));
        futures.add(journal.submit(new Journal.Write("INSERT INTO jt (n, at) VALUES (?, ?)", 2_000, System.nanoTime())));
        for (CompletableFuture<Void> f : futures) {
          f.get(20, TimeUnit.SECONDS);
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> dup.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SQLException s && Dialect.uniqueViolation(s), e.toString());
        assertTrue(journal.batchCount() < journal.writeCount(), "group commit: " + journal.batchCount()
            + " transactions for " + journal.writeCount() + " writes");
      }
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(n) FROM jt")) {
        rs.next();
        assertEquals(2_001, rs.getInt(1), "every accepted write is there, the duplicate is not");
        assertEquals(2_000, rs.getInt(2));
      }
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM jt a JOIN jt b ON b.n = a.n + 1 WHERE b.at < a.at")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "committed in the order submitted");
      }
    }
  }

  @Test
  void aCompletedWrite_isVisibleAtOnceToAnyOtherConnection() throws Exception {
    try (Database db = openWith("CREATE TABLE jv (n INT PRIMARY KEY)");
        Journal journal = new Journal("visible", db, 100, 10)) {
      for (int i = 1; i <= 50; i++) {
        journal.submit(new Journal.Write("INSERT INTO jv (n) VALUES (?)", i)).get(20, TimeUnit.SECONDS);
        assertEquals(i, count(db, "jv"), "no read barrier needed: the commit is the acknowledgement");
      }
    }
  }

  /**
   * A journal of writes nobody waits on (the trail) commits without its own fsync; a journal of
   * chat messages forces each commit. Read on each journal's own connection, inside its commit.
   */
  @Test
  void aWithNextJournalCommitsWithoutItsOwnFsync_theDefaultForcesEachCommit() throws Exception {
    try (Database db = openWith("CREATE TABLE js (journal TEXT, sync INT)")) {
      String record = "INSERT INTO js (journal, sync) SELECT ?, synchronous FROM pragma_synchronous";
      try (Journal chat = new Journal("chat", db, 100, 10);
          Journal events = new Journal("events", db, 100, 10, Journal.Sync.WITH_NEXT)) {
        chat.submit(new Journal.Write(record, "chat")).get(20, TimeUnit.SECONDS);
        events.submit(new Journal.Write(record, "events")).get(20, TimeUnit.SECONDS);
        assertEquals(2, count(db, "js"), "visible to other connections at once");
      }
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT journal, sync FROM js ORDER BY journal")) {
        rs.next();
        assertEquals("chat", rs.getString(1));
        assertEquals(2, rs.getInt(2), "FULL: forced at each commit");
        rs.next();
        assertEquals("events", rs.getString(1));
        assertEquals(1, rs.getInt(2), "NORMAL: forced with the next forced commit or checkpoint");
      }
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
        rs.next();
        assertEquals(2, rs.getInt(1), "the relaxed connection never went back to the pool");
      }
    }
  }

  @Test
  void aWriterWaitsForAnotherConnectionsWriteLock_insteadOfFailing() throws Exception {
    try (Database db = openWith("CREATE TABLE jw (n INT PRIMARY KEY)");
        Journal journal = new Journal("wait", db, 100, 10)) {
      CompletableFuture<Void> f;
      try (Connection holder = db.connection()) {
        Dialect.beginWrite(holder);
        try (Statement st = holder.createStatement()) {
          st.execute("INSERT INTO jw (n) VALUES (1)");
        }
        f = journal.submit(new Journal.Write("INSERT INTO jw (n) VALUES (?)", 2));
        // The holder keeps SQLite's write lock for 300 ms; the journal's commit cannot happen before.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < until) {
          assertFalse(f.isDone(), "the journal cannot commit while another connection holds the write lock");
          Thread.sleep(10);
        }
        holder.commit();
      }
      f.get(20, TimeUnit.SECONDS);
      assertEquals(2, count(db, "jw"));
    }
  }

  /**
   * Correctness only: two writers on SQLite's one write lock lose nothing. SQLite's busy timeout
   * alone would get this right too (the waiting writer sleeps in its busy handler), so this test
   * passes without {@link Database#journalTurns()}; the next one checks that the journals take
   * turns.
   */
  @Test
  void twoJournalsWritingAtOnce_commitEverything_withoutLockErrors() throws Exception {
    try (Database db = openWith("CREATE TABLE j2 (k VARCHAR(20) PRIMARY KEY)")) {
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      try (Journal a = new Journal("a", db, 10_000, 50); Journal b = new Journal("b", db, 10_000, 50)) {
        for (int i = 0; i < 3_000; i++) {
          futures.add(a.submit(new Journal.Write("INSERT INTO j2 (k) VALUES (?)", "a" + i)));
          futures.add(b.submit(new Journal.Write("INSERT INTO j2 (k) VALUES (?)", "b" + i)));
        }
        for (CompletableFuture<Void> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      }
      assertEquals(6_000, count(db, "j2"));
    }
  }

  /**
   * The journals wait for each other in {@link Database#journalTurns()}, not in SQLite's busy
   * handler, which polls with sleeps growing to 100 ms: a journal is woken as soon as the other's
   * commit ends. Here the test holds the turn: the journal must not commit, and must not take
   * SQLite's write lock either while it waits (another connection writes without any busy wait).
   * Without the turns the journal commits within milliseconds; 300 ms of not committing is ample
   * to see that it waits.
   */
  @Test
  void aJournalWaitsForItsTurn_beforeTakingSqlitesWriteLock() throws Exception {
    try (Database db = openWith("CREATE TABLE jn (n INT PRIMARY KEY)");
        Journal journal = new Journal("turns", db, 100, 10)) {
      ReentrantLock turns = db.journalTurns();
      assertNotNull(turns, "the embedded database has turns");
      CompletableFuture<Void> f;
      turns.lock();
      try {
        f = journal.submit(new Journal.Write("INSERT INTO jn (n) VALUES (?)", 1));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < until) {
          assertFalse(f.isDone(), "the journal commits only in its turn");
          Thread.sleep(10);
        }
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db.file());
            Statement st = other.createStatement()) {
          st.execute("PRAGMA busy_timeout = 0");
          st.execute("INSERT INTO jn (n) VALUES (2)");
        }
      } finally {
        turns.unlock();
      }
      f.get(20, TimeUnit.SECONDS);
      assertEquals(2, count(db, "jn"));
    }
  }

  /**
   * Sets {@code PRAGMA max_page_count} (a setting of each connection, not of the file) on every
   * connection of the pool, by holding them all at once; no journal may hold one meanwhile.
   */
  private static void maxPages(Database db, long pages) throws SQLException {
    int size = ((HikariDataSource) db.dataSource()).getMaximumPoolSize();
    List<Connection> all = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        Connection c = db.connection();
        all.add(c);
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA max_page_count = " + pages);
        }
      }
    } finally {
      for (Connection c : all) {
        c.close();
      }
    }
  }

  /**
   * A full disk (here a full database: SQLite answers SQLITE_FULL as it does when the disk is
   * full) is not retried forever: after a few tries the write fails, so the sender hears {@code
   * unavailable}, and once there is room again the journal commits the next write.
   */
  @Test
  void aFullDatabase_failsTheWriteAfterAFewTries_andTheJournalGoesOnOnceThereIsRoom() throws Exception {
    try (Database db = openWith("CREATE TABLE jf (n INT PRIMARY KEY, pad TEXT)")) {
      long pages;
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA page_count")) {
        rs.next();
        pages = rs.getLong(1);
      }
      maxPages(db, pages);
      try (Journal journal = new Journal("full", db, 100, 10)) {
        CompletableFuture<Void> f =
            journal.submit(new Journal.Write("INSERT INTO jf (n, pad) VALUES (?, ?)", 1, "x".repeat(100_000)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SQLException s && Dialect.failure(s) == Dialect.Failure.STORAGE,
            e.toString());

        maxPages(db, 1L << 30);
        journal.submit(new Journal.Write("INSERT INTO jf (n, pad) VALUES (?, ?)", 2, "y".repeat(100_000)))
            .get(20, TimeUnit.SECONDS);
      }
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(n) FROM jf")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "the refused write is not there");
        assertEquals(2, rs.getInt(2));
      }
    }
  }

  @Test
  void anUnsupportedParameterType_isRefusedAtOnce_notInTheWriter() {
    assertThrows(IllegalArgumentException.class, () -> new Journal.Write("INSERT INTO x VALUES (?)", new Object()));
  }

  @Test
  void aFullQueueRefusesAtOnce() throws Exception {
    try (Database db = openWith("CREATE TABLE jq (n INT)"); Journal journal = new Journal("tiny", db, 1, 1)) {
      int refused = 0;
      for (int i = 0; i < 1_000; i++) {
        CompletableFuture<Void> f = journal.submit(new Journal.Write("INSERT INTO jq (n) VALUES (?)", i));
        if (f.isCompletedExceptionally()) {
          refused++;
          ExecutionException e = assertThrows(ExecutionException.class, f::get);
          assertTrue(e.getCause() instanceof Journal.OverloadedException);
        }
      }
      assertTrue(refused > 0, "a queue of one is full at some point");
    }
  }

  @Test
  void afterClose_aSubmitFailsAtOnce_andWhatWasQueuedIsCommitted() throws Exception {
    try (Database db = openWith("CREATE TABLE jc (n INT)")) {
      Journal journal = new Journal("closing", db, 10_000, 100);
      List<CompletableFuture<Void>> queued = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        queued.add(journal.submit(new Journal.Write("INSERT INTO jc (n) VALUES (?)", i)));
      }
      journal.close();
      for (CompletableFuture<Void> f : queued) {
        assertTrue(f.isDone() && !f.isCompletedExceptionally(), "queued before close: committed by close");
      }
      assertTrue(journal.submit(new Journal.Write("INSERT INTO jc (n) VALUES (?)", -1)).isCompletedExceptionally());
      assertEquals(1_000, count(db, "jc"));
    }
  }

  @Test
  void refusedAtOnce_meansAFullQueueOrClosed_notAWriteTheDatabaseAlreadyRejected() throws Exception {
    try (Database db = openWith("CREATE TABLE jr (n INT PRIMARY KEY)")) {
      Journal journal = new Journal("test", db, 10, 10);
      journal.submit(new Journal.Write("INSERT INTO jr (n) VALUES (?)", 1)).get(20, TimeUnit.SECONDS);
      CompletableFuture<Void> dup = journal.submit(new Journal.Write("INSERT INTO jr (n) VALUES (?)", 1));
      assertThrows(ExecutionException.class, () -> dup.get(20, TimeUnit.SECONDS));
      assertFalse(Journal.refusedAtOnce(dup), "the database rejected it: not a full queue, whenever it is looked at");
      journal.close();
      assertTrue(Journal.refusedAtOnce(journal.submit(new Journal.Write("INSERT INTO jr (n) VALUES (?)", 2))));
    }
  }
}
