package dev.frontline.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes every queued write, runs as many as are waiting in one
 * transaction (consecutive writes of the same statement as one JDBC batch), commits once, and
 * only then completes their futures. The commit is durable on both engines (decision 0008), so a
 * completed future means durable; one fsync per batch, never per message. Order is kept: writes
 * commit in the order submitted, so a conversation's messages become durable in {@code seq}
 * order.
 *
 * <p>Futures complete on the journal's thread; callers continue with {@code *Async} variants on
 * their own executor. A failure of the database that passes (connection lost, server restarting, a
 * lock not had in time) is retried with back-off, keeping order, so nothing acknowledged is ever
 * skipped; a failed storage (disk full, I/O error) is tried a few times, then its batch fails, so
 * that the senders hear of it ({@code unavailable}) rather than wait for an ack; a write the
 * database refuses on its own (a constraint) fails alone, its future tells the caller, and the
 * rest of its batch still commits. On the embedded database the journals take turns on
 * SQLite's one write lock ({@link Database#journalTurns()}).
 */
public final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  /** One statement with its parameters (String, Long, Integer, Double, Boolean or null). */
  public record Write(String sql, Object... params) {
    public Write {
      Objects.requireNonNull(sql, "sql");
      params = params.clone();
      for (Object p : params) {
        if (p != null && !(p instanceof String || p instanceof Long || p instanceof Integer || p instanceof Double
            || p instanceof Boolean)) {
          throw new IllegalArgumentException("unsupported journal parameter " + p.getClass().getName());
        }
      }
    }
  }

  /** Thrown into a future when the queue is full: the caller answers {@code overloaded}. */
  public static final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverloadedException(String name) {
      super("journal " + name + " is full", null, false, false);
    }
  }

  /** Thrown into a future submitted after {@link #close}. */
  static final class ClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ClosedException(String name) {
      super("journal " + name + " is closed");
    }
  }

  /**
   * Whether {@code f}, just returned by {@link #submit}, was refused at once (queue full, or
   * closed). A future the database has already failed is not: the writer thread may reject a
   * write before its submitter looks, and that is a refusal by the database, not a full queue.
   */
  public static boolean refusedAtOnce(CompletableFuture<Void> f) {
    if (!f.isCompletedExceptionally()) {
      return false;
    }
    Throwable t = f.exceptionNow();
    return t instanceof OverloadedException || t instanceof ClosedException;
  }

  private record Entry(List<Write> writes, CompletableFuture<Void> done) {}

  private static final Entry POISON = new Entry(List.of(), new CompletableFuture<>());

  /**
   * Tries of a batch whose storage failed (disk full, I/O error) before it is failed: about 150
   * ms of back-off, enough for a glitch to pass. A full disk does not free itself that fast; its
   * senders get {@code unavailable} and send again, and the journal goes on with the next batch.
   */
  static final int STORAGE_ATTEMPTS = 3;

  private final String name;
  private final Database db;
  private final BlockingQueue<Entry> queue;
  private final int maxBatch;
  private final Thread writer;
  private final ReentrantLock turns;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private volatile boolean accepting = true;
  /** Used by the writer thread only. */
  private Connection connection;
  private volatile CommitListener commits = CommitListener.NONE;

  /** How a journal's commit reaches the disk. */
  public enum Sync {
    /** Every commit is forced to disk before its futures complete: what an ack may wait for. */
    EACH_COMMIT,
    /**
     * On the embedded database, a commit is written to SQLite's log (it survives the process
     * being killed) and forced to disk with the next forced commit of any journal or the next
     * checkpoint, not on its own (SQLite's {@code synchronous=NORMAL} on this journal's
     * connection): for writes nobody is told are safe (the trail, the unanswered log), so that
     * they do not hold SQLite's one write lock through an fsync while a chat message waits for
     * it. Only a power loss or an operating-system crash can take the last of them (milliseconds
     * under traffic), never a chat message. On PostgreSQL, whose writers do not take turns, it
     * is the same as {@link #EACH_COMMIT}.
     */
    WITH_NEXT
  }

  private final Sync sync;

  /** A journal whose every commit is forced to disk ({@link Sync#EACH_COMMIT}). */
  public Journal(String name, Database db, int capacity, int maxBatch) {
    this(name, db, capacity, maxBatch, Sync.EACH_COMMIT);
  }

  public Journal(String name, Database db, int capacity, int maxBatch, Sync sync) {
    this.sync = sync;
    this.name = name;
    this.db = db;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.turns = db.journalTurns();
    this.writer = Thread.ofPlatform().name("journal-" + name).daemon(false).unstarted(this::run);
    writer.start();
  }

  /**
   * Queues writes that commit together; the future completes once they are durable, or fails with
   * the database's refusal, or at once with {@link OverloadedException} when the queue is full.
   */
  public CompletableFuture<Void> submit(List<Write> batch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!accepting) {
      done.completeExceptionally(new ClosedException(name));
      return done;
    }
    if (!queue.offer(new Entry(List.copyOf(batch), done))) {
      done.completeExceptionally(new OverloadedException(name));
    }
    return done;
  }

  public CompletableFuture<Void> submit(Write... batch) {
    return submit(List.of(batch));
  }

  /** Writes queued and not yet committed. */
  public int backlog() {
    return queue.size();
  }

  /** Who is told of each commit (metrics). */
  public void onCommit(CommitListener listener) {
    commits = listener;
  }

  public long batchCount() {
    return batches.get();
  }

  public long writeCount() {
    return writes.get();
  }

  private void run() {
    List<Entry> batch = new ArrayList<>(maxBatch);
    boolean stop = false;
    while (!stop) {
      try {
        Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        if (batch.remove(POISON)) {
          stop = true;
          queue.drainTo(batch);
          batch.remove(POISON);
        }
        if (!batch.isEmpty()) {
          try {
            long started = System.nanoTime();
            commit(batch);
            commits.committed(name, batch.size(), System.nanoTime() - started);
          } catch (RuntimeException e) {
            // A bug must not stop the writer: fail this batch, keep serving the next ones.
            log.error("event=journal.batch_failed journal={} size={}", name, batch.size(), e);
            for (Entry en : batch) {
              en.done.completeExceptionally(e);
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop = true;
      } finally {
        batch.clear();
      }
    }
    closeConnection();
  }

  /**
   * Commits a batch in one transaction and completes its futures. A passing failure is retried
   * until it commits; a failed storage {@link #STORAGE_ATTEMPTS} times in all, then the whole
   * batch is failed; a refused write is retried alone, so that it fails alone.
   */
  private void commit(List<Entry> batch) throws InterruptedException {
    long backoff = 50;
    int storageFailures = 0;
    while (true) {
      try {
        writeAll(batch);
        batches.incrementAndGet();
        for (Entry e : batch) {
          writes.addAndGet(e.writes.size());
          e.done.complete(null);
        }
        return;
      } catch (SQLException e) {
        rollbackQuietly();
        Dialect.Failure failure = Dialect.failure(e);
        if (failure == Dialect.Failure.STORAGE && ++storageFailures >= STORAGE_ATTEMPTS) {
          log.error("event=journal.storage_failed journal={} size={} attempts={} reason={}", name, batch.size(),
              storageFailures, e.getMessage());
          discardConnection();
          for (Entry entry : batch) {
            entry.done.completeExceptionally(e);
          }
          return;
        }
        if (failure != Dialect.Failure.REFUSED) {
          log.error("event=journal.retry journal={} backoffMs={} reason={}", name, backoff, e.getMessage());
          discardConnection();
          Thread.sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
          continue;
        }
        if (batch.size() == 1) {
          log.warn("event=journal.write_rejected journal={} reason={}", name, e.getMessage());
          batch.get(0).done.completeExceptionally(e);
          return;
        }
        log.warn("event=journal.batch_rejected journal={} size={} reason={}", name, batch.size(), e.getMessage());
        for (Entry entry : batch) {
          commit(List.of(entry));
        }
        return;
      }
    }
  }

  private void writeAll(List<Entry> batch) throws SQLException {
    if (turns != null) {
      turns.lock();
    }
    PreparedStatement ps = null;
    try {
      Connection c = connection();
      db.fence().check(c);
      String current = null;
      for (Entry entry : batch) {
        for (Write w : entry.writes) {
          if (!w.sql().equals(current)) {
            if (ps != null) {
              ps.executeBatch();
              ps.close();
            }
            ps = c.prepareStatement(w.sql());
            current = w.sql();
          }
          Object[] p = w.params();
          for (int i = 0; i < p.length; i++) {
            ps.setObject(i + 1, p[i]);
          }
          ps.addBatch();
        }
      }
      if (ps != null) {
        ps.executeBatch();
      }
      c.commit();
    } finally {
      if (ps != null) {
        ps.close();
      }
      if (turns != null) {
        turns.unlock();
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = db.connection();
      if (relaxed()) {
        try (Statement st = connection.createStatement()) {
          st.execute("PRAGMA synchronous=NORMAL");
        }
      }
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void rollbackQuietly() {
    if (connection != null) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        discardConnection();
      }
    }
  }

  /** The connection after a failure that may have left it in an unknown state: never reused. */
  private void discardConnection() {
    if (connection != null) {
      db.discard(connection);
      connection = null;
    }
  }

  private boolean relaxed() {
    return sync == Sync.WITH_NEXT && db.dialect() == Dialect.SQLITE;
  }

  private void closeConnection() {
    if (relaxed()) {
      // Its synchronous setting is this journal's: never handed to another user of the pool.
      discardConnection();
      return;
    }
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the pool discards it
      }
      connection = null;
    }
  }

  /** Stops taking writes, commits what is queued, and ends the writer thread. */
  @Override
  public void close() {
    accepting = false;
    while (!queue.offer(POISON)) {
      Thread.onSpinWait();
    }
    try {
      writer.join(8_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
