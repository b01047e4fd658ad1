package dev.frontline.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the embedded database's WAL into its file from a connection and a thread of its own,
 * {@code PASSIVE}: it never waits for a writer or a reader and never makes one wait, so no commit
 * pays for it. A SIGKILL in the middle of one loses nothing: the WAL keeps every committed frame
 * until a later checkpoint has copied it, and SQLite replays it on open. On close (after the
 * journals have stopped) a last {@code TRUNCATE} checkpoint leaves an empty WAL.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  private final Connection connection;
  private final ScheduledExecutorService thread;

  private Checkpointer(Connection connection, ScheduledExecutorService thread) {
    this.connection = connection;
    this.thread = thread;
  }

  static Checkpointer start(DataSource file, Duration every) {
    Connection c;
    try {
      c = file.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the checkpoint connection: " + e.getMessage(), e);
    }
    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().name("db-checkpoint").daemon(true).unstarted(r));
    Checkpointer cp = new Checkpointer(c, t);
    long ms = Math.max(1, every.toMillis());
    t.scheduleWithFixedDelay(() -> cp.checkpoint("PASSIVE"), ms, ms, TimeUnit.MILLISECONDS);
    return cp;
  }

  /** Runs one checkpoint; failures are logged and the next one tries again. */
  private void checkpoint(String mode) {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      if (rs.next() && rs.getInt(1) != 0) {
        log.debug("event=db.checkpoint_busy mode={} walFrames={} copied={}", mode, rs.getLong(2), rs.getLong(3));
      }
    } catch (SQLException e) {
      log.warn("event=db.checkpoint_failed mode={} reason={}", mode, e.getMessage());
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("event=db.checkpoint_stuck");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkpoint("TRUNCATE");
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("event=db.checkpoint_close_failed reason={}", e.getMessage());
    }
  }
}
