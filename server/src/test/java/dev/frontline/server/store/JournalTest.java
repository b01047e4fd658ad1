package dev.frontline.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir
  Path dir;

  /** The embedded database in {@link #dir}, with one table made by {@code createTable}. */
  private Database openWith(String createTable) throws java.sql.SQLException {
    Database db = Database.open(ServerConfig.fromEnv(Map.of("FRONTLINE_DATA", dir.toString())));
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      st.execute(createTable);
    }
    return db;
  }

  @Test
  void writesCommitInSubmissionOrder_inFewerTransactionsThanWrites_andAFailedWriteFailsAlone() throws Exception {
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
        assertTrue(e.getCause() instanceof java.sql.SQLException, e.toString());
        assertTrue(journal.batchCount() < journal.writeCount(), "group commit: " + journal.batchCount()
            + " transactions for " + journal.writeCount() + " writes");
      }
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(n), MAX(n) FROM jt")) {
        rs.next();
        assertEquals(2_001, rs.getInt(1), "every accepted write is there, the duplicate is not");
        assertEquals(2_000, rs.getInt(3));
      }
    }
  }

  @Test
  void anUnsupportedParameterType_isRefusedAtOnce_notInTheWriter() {
    assertThrows(IllegalArgumentException.class, () -> new Journal.Write("INSERT INTO x VALUES (?)", new Object()));
  }

  @Test
  void aFullQueueRefusesAtOnce() throws Exception {
    ServerConfig config = ServerConfig.fromEnv(Map.of("FRONTLINE_DATA", dir.toString()));
    try (Database db = Database.open(config); Journal journal = new Journal("tiny", db, 1, 1)) {
      int refused = 0;
      for (int i = 0; i < 1_000; i++) {
        CompletableFuture<Void> f = journal.submit(new Journal.Write("SELECT 1"));
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
  void aFailedLogWrite_failsOnlyItsOwnBatch_andTheLogKeepsExactlyTheAcknowledgedOnes() throws Exception {
    try (Database db = openWith("CREATE TABLE jf (n INT PRIMARY KEY)")) {
      FlakyDisk disk = new FlakyDisk();
      String insert = "INSERT INTO jf (n) VALUES (?)";
      try (Journal journal = new Journal("flaky", db, 100, 10, disk)) {
        journal.submit(new Journal.Write(insert, 1)).get(20, TimeUnit.SECONDS);
        disk.failedForces = 1;
        disk.failedTruncates = 1;
        CompletableFuture<Void> failed = journal.submit(new Journal.Write(insert, 2));
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof java.io.IOException, e.toString());
        journal.submit(new Journal.Write(insert, 3)).get(20, TimeUnit.SECONDS);
      }
      List<Object> logged = new ArrayList<>();
      try (WriteAheadLog wal = new WriteAheadLog(db.walDir("flaky"))) {
        wal.replay(0, (batch, writes) -> writes.forEach(w -> logged.add(w.params()[0])));
      }
      // Batch 1 may already be dropped by the closing checkpoint (the database holds it); the failed
      // batch must never be there.
      assertTrue(logged.equals(List.of(1, 3)) || logged.equals(List.of(3)), "what a restart would replay: " + logged);
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT n FROM jf ORDER BY n")) {
        List<Integer> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getInt(1));
        }
        assertEquals(List.of(1, 3), rows);
      }
    }
  }

  @Test
  void aLoggedWrite_isAcknowledgedAtItsLogRecord_andAReadWaitsUntilTheDatabaseHoldsIt() throws Exception {
    try (Database db = openWith("CREATE TABLE jl (n INT PRIMARY KEY)")) {
      try (Journal journal = new Journal("logged", db, 100, 10)) {
        // Another transaction holds the row's lock: the applier cannot apply until it ends.
        Connection holder = db.rawConnection();
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
          st.execute("INSERT INTO jl (n) VALUES (1)");
        }
        journal.submitLogged(List.of(new Journal.Write("INSERT INTO jl (n) VALUES (?)", 1))).get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> applied = journal.submit(new Journal.Write("INSERT INTO jl (n) VALUES (?)", 2));
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
          try (Connection c = db.connection(); Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM jl WHERE n = 1")) {
            rs.next();
            return rs.getInt(1);
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
        });
        Thread.sleep(500);
        assertTrue(!read.isDone(), "a read waits for the acknowledged write");
        assertTrue(!applied.isDone(), "a plain write is acknowledged only once applied");
        holder.rollback();
        holder.close();
        assertEquals(1, read.get(20, TimeUnit.SECONDS), "the read sees the acknowledged write");
        applied.get(20, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aLoggedWriteTheDatabaseRefusesAfterItsAck_isKeptInTheRejectedLog_andTheRestIsApplied() throws Exception {
    try (Database db = openWith("CREATE TABLE jr (n INT PRIMARY KEY, t VARCHAR(20))")) {
      String insert = "INSERT INTO jr (n, t) VALUES (?, ?)";
      try (Journal journal = new Journal("refusing", db, 100, 10)) {
        journal.submitLogged(List.of(new Journal.Write(insert, 5, "first"))).get(10, TimeUnit.SECONDS);
        journal.submitLogged(List.of(new Journal.Write(insert, 5, "second"))).get(10, TimeUnit.SECONDS);
        journal.submitLogged(List.of(new Journal.Write(insert, 6, "third"))).get(10, TimeUnit.SECONDS);
      }
      List<Object[]> kept = kept(db.walDir("refusing"));
      assertEquals(1, kept.size());
      assertEquals(List.of(5, "second"), List.of(kept.get(0)));
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT t FROM jr ORDER BY n")) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
        assertEquals(List.of("first", "third"), rows);
      }
    }
  }

  /** The parameters of every write in a journal's rejected.log. */
  private static List<Object[]> kept(Path walDir) throws java.io.IOException {
    List<Object[]> kept = new ArrayList<>();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(walDir.resolve("rejected.log")));
    while (b.remaining() >= 16) {
      byte[] payload = new byte[b.getInt()];
      b.getLong();
      b.getInt();
      b.get(payload);
      WriteAheadLog.decode(payload).forEach(w -> kept.add(w.params()));
    }
    return kept;
  }

  @Test
  void aLoggedWriteTheDatabaseRefusesWhenReplayedAfterACrash_isKeptInTheRejectedLog() throws Exception {
    try (Database db = openWith("CREATE TABLE jc (n INT PRIMARY KEY, t VARCHAR(20))")) {
      try (Connection c = db.connection(); Statement st = c.createStatement()) {
        st.execute("INSERT INTO jc (n, t) VALUES (1, 'there')");
      }
      // The log holds a batch the database never applied (a crash right after its ack), and the
      // table now refuses one of its writes.
      String insert = "INSERT INTO jc (n, t) VALUES (?, ?)";
      try (WriteAheadLog wal = new WriteAheadLog(db.walDir("crashed"))) {
        wal.append(1, List.of(new Journal.Write(insert, 1, "refused"), new Journal.Write(insert, 2, "with it")));
      }
      try (Journal journal = new Journal("crashed", db, 100, 10)) {
        journal.submit(new Journal.Write(insert, 3, "after")).get(10, TimeUnit.SECONDS);
      }
      // The log does not record which writes of a batch belonged together, so a refused replayed
      // batch is kept whole: nothing of it is lost, nothing of it half-applied.
      List<Object[]> kept = kept(db.walDir("crashed"));
      assertEquals(2, kept.size());
      assertEquals(List.of(1, "refused"), List.of(kept.get(0)));
      assertEquals(List.of(2, "with it"), List.of(kept.get(1)));
      try (Connection c = db.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT t FROM jc ORDER BY n")) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
        assertEquals(List.of("there", "after"), rows);
      }
    }
  }
}
