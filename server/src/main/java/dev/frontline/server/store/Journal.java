package dev.frontline.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes every queued write, runs as many as are waiting in one
 * transaction (consecutive writes of the same statement as one JDBC batch), commits once, and
 * only then completes their futures. Order is kept: writes commit in the order submitted, so a
 * conversation's messages become durable in {@code seq} order.
 *
 * <p>Futures complete on the journal's threads; callers continue with {@code *Async} variants on
 * their own executor. A failure of the database (connection lost, server restarting) is retried
 * with back-off, keeping order, so nothing acknowledged is ever skipped; a write the database
 * rejects on its own (a constraint) fails alone and the rest of its batch still commits.
 *
 * <p>On the embedded database the commit point is a {@link WriteAheadLog}: the writer appends each
 * batch to the log (one fdatasync per batch) and hands it to an applier thread, which runs it in
 * the database together with the batch number in {@code journal_marks}; the database writes its
 * pages in the background, and {@link #checkpoint} makes them durable and drops the log that is no
 * longer needed. After a crash, the batches in the log beyond the database's mark are applied
 * again, in order, before anything else runs. Writes submitted with {@link #submitLogged} are
 * acknowledged as soon as their record is forced (durable, and replayed after a crash), which
 * keeps the database's own work off their latency; every other write is acknowledged once the
 * database holds it, so a write a constraint may refuse still reports the refusal. Readers see
 * every acknowledged write: {@link Database#connection()} first waits until the appliers hold all
 * that was logged ({@link #awaitApplied}). A logged write the database refuses after its
 * acknowledgement (the server checks what the schema would refuse before it logs, so this means a
 * schema changed by hand) is kept in {@code rejected.log} next to the log, in the log's record
 * format, and reported at ERROR. On PostgreSQL the commit itself is durable, no log is kept and
 * every write is acknowledged after its commit.
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

  private record Entry(List<Write> writes, CompletableFuture<Void> done, boolean ackAtLog) {}

  /** A batch in the log, waiting for the applier. */
  private record Logged(List<Entry> entries, long batch) {}

  private static final Entry POISON = new Entry(List.of(), new CompletableFuture<>(), false);
  private static final Logged STOP = new Logged(List.of(), -1);
  private static final long READ_WAIT_MS = 10_000;

  private final String name;
  private final Database db;
  private final BlockingQueue<Entry> queue;
  private final int maxBatch;
  private final Thread writer;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private volatile boolean accepting = true;
  /** Used by the one thread that runs SQL: the applier on the embedded database, the writer otherwise. */
  private Connection connection;
  private final WriteAheadLog wal;
  private long lastBatch;
  private final BlockingQueue<Logged> toApply;
  private final Thread applier;
  /** The last batch forced to the log (embedded database). */
  private volatile long loggedBatch;
  /** The last batch the database holds (embedded database). */
  private volatile long appliedBatch;
  private final Object appliedSignal = new Object();
  private volatile CommitListener commits = CommitListener.NONE;

  public Journal(String name, Database db, int capacity, int maxBatch) {
    this(name, db, capacity, maxBatch, WriteAheadLog.FILES);
  }

  /** With the given way of opening log segments (tests make it fail). */
  Journal(String name, Database db, int capacity, int maxBatch, WriteAheadLog.Opener segments) {
    this.name = name;
    this.db = db;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.wal = db.dialect() == Database.Dialect.H2 ? new WriteAheadLog(db.walDir(name), segments) : null;
    if (wal != null) {
      recover();
      loggedBatch = lastBatch;
      appliedBatch = lastBatch;
      toApply = new ArrayBlockingQueue<>(1_024);
      applier = Thread.ofPlatform().name("journal-" + name + "-apply").daemon(false).unstarted(this::applyLoop);
      applier.start();
      db.register(this);
    } else {
      toApply = null;
      applier = null;
    }
    this.writer = Thread.ofPlatform().name("journal-" + name).daemon(false).unstarted(this::run);
    writer.start();
  }

  private static final String MARK = "UPDATE journal_marks SET last_batch = ? WHERE name = ?";

  /** Applies the batches of the log the database does not hold yet (after a crash), then checkpoints. */
  private void recover() {
    try (Connection c = db.rawConnection()) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO journal_marks (name, last_batch) SELECT ?, 0 WHERE NOT EXISTS"
              + " (SELECT 1 FROM journal_marks WHERE name = ?)")) {
        ps.setString(1, name);
        ps.setString(2, name);
        ps.executeUpdate();
      }
      long mark;
      try (PreparedStatement ps = c.prepareStatement("SELECT last_batch FROM journal_marks WHERE name = ?")) {
        ps.setString(1, name);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          mark = rs.getLong(1);
        }
      }
      int[] replayed = {0};
      lastBatch = wal.replay(mark, (batch, writes) -> {
        // Anything in the log may have been acknowledged before the crash: a write refused now is
        // kept in rejected.log like one refused after its acknowledgement (see fail).
        List<Entry> entries = List.of(new Entry(writes, CompletableFuture.completedFuture(null), true));
        try {
          applyBatch(entries, batch);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while replaying the write-ahead log", e);
        }
        replayed[0]++;
      });
      if (replayed[0] > 0) {
        log.info("event=journal.replayed journal={} batches={} upTo={}", name, replayed[0], lastBatch);
      }
      closeConnection();
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot recover journal " + name + ": " + e.getMessage(), e);
    }
    checkpoint();
  }

  /**
   * Makes everything the database holds durable and deletes the log it covers. Safe to call from
   * any thread while the writer runs.
   */
  public void checkpoint() {
    if (wal == null) {
      return;
    }
    try (Connection c = db.rawConnection()) {
      long mark;
      try (PreparedStatement ps = c.prepareStatement("SELECT last_batch FROM journal_marks WHERE name = ?")) {
        ps.setString(1, name);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return;
          }
          mark = rs.getLong(1);
        }
      }
      try (java.sql.Statement st = c.createStatement()) {
        st.execute("CHECKPOINT SYNC");
      }
      wal.truncateUpTo(mark);
    } catch (SQLException | java.io.IOException e) {
      log.warn("event=journal.checkpoint_failed journal={} reason={}", name, e.getMessage());
    }
  }

  /**
   * Queues writes that commit together; the future completes once the database holds them (or
   * fails with the database's refusal).
   */
  public CompletableFuture<Void> submit(List<Write> batch) {
    return enqueue(batch, false);
  }

  public CompletableFuture<Void> submit(Write... batch) {
    return submit(List.of(batch));
  }

  /**
   * Queues writes the database cannot refuse (their values checked by the caller, their keys its
   * own); the future completes once they are durable: on the embedded database when their log
   * record is forced, before the database applies them; on PostgreSQL at the commit.
   */
  public CompletableFuture<Void> submitLogged(List<Write> batch) {
    return enqueue(batch, true);
  }

  private CompletableFuture<Void> enqueue(List<Write> batch, boolean ackAtLog) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!accepting) {
      done.completeExceptionally(new IllegalStateException("journal " + name + " is closed"));
      return done;
    }
    if (!queue.offer(new Entry(List.copyOf(batch), done, ackAtLog))) {
      done.completeExceptionally(new OverloadedException(name));
    }
    return done;
  }

  /**
   * Waits until the database holds every batch logged before this call, so a read sees every
   * acknowledged write (embedded database; nothing to wait for on PostgreSQL). Called by
   * {@link Database#connection()}; never from the journal's own threads.
   */
  public void awaitApplied() throws SQLException {
    long target = loggedBatch;
    if (wal == null || appliedBatch >= target || Thread.currentThread() == applier) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_WAIT_MS);
    synchronized (appliedSignal) {
      while (appliedBatch < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SQLTransientException("journal " + name + " is still applying batch " + (appliedBatch + 1)
              + " of " + target + "; try again");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(appliedSignal, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLTransientException("interrupted while waiting for journal " + name, e);
        }
      }
    }
  }

  /** Writes queued and not yet in the database. */
  public int backlog() {
    return queue.size() + (toApply == null ? 0 : toApply.size());
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
    if (toApply != null) {
      putForApplier(STOP);
    } else {
      closeConnection();
    }
  }

  /** The applier's loop (embedded database): runs the logged batches in order. */
  private void applyLoop() {
    while (true) {
      Logged next;
      try {
        next = toApply.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (next == STOP) {
        break;
      }
      try {
        applyBatch(next.entries, next.batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.error("event=journal.batch_failed journal={} batch={} size={}", name, next.batch, next.entries.size(), e);
        for (Entry en : next.entries) {
          fail(en, e);
        }
      }
      appliedBatch = next.batch;
      synchronized (appliedSignal) {
        appliedSignal.notifyAll();
      }
    }
    closeConnection();
  }

  private void putForApplier(Logged logged) {
    boolean interrupted = false;
    while (true) {
      try {
        toApply.put(logged);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void commit(List<Entry> batch) throws InterruptedException {
    long seq = 0;
    if (wal != null) {
      // A number is used once, even when the append fails: the failed record may be on disk.
      seq = ++lastBatch;
      List<Write> all = new ArrayList<>();
      for (Entry e : batch) {
        all.addAll(e.writes);
      }
      try {
        wal.append(seq, all);
      } catch (java.io.IOException e) {
        log.error("event=journal.wal_failed journal={} reason={}", name, e.toString());
        for (Entry en : batch) {
          en.done.completeExceptionally(e);
        }
        return;
      }
      loggedBatch = seq;
      for (Entry e : batch) {
        if (e.ackAtLog) {
          e.done.complete(null);
        }
      }
      // Blocks while the applier is 1,024 batches behind: the log never runs far ahead of the database.
      putForApplier(new Logged(List.copyOf(batch), seq));
      return;
    }
    applyBatch(batch, seq);
  }

  /** A write the database refused: its caller is told, or, if it was acknowledged at the log, it is kept. */
  private void fail(Entry entry, Exception e) {
    if (!entry.done.completeExceptionally(e) && wal != null) {
      try {
        wal.keepRejected(entry.writes);
        log.error("event=journal.apply_rejected journal={} writes={} kept=rejected.log reason={}", name,
            entry.writes.size(), e.getMessage());
      } catch (java.io.IOException io) {
        log.error("event=journal.apply_rejected journal={} writes={} kept=no reason={} keepFailed={}", name,
            entry.writes.size(), e.getMessage(), io.toString());
      }
    }
  }

  /** Commits a batch to the database (with its log mark when there is a log) and completes its futures. */
  private void applyBatch(List<Entry> batch, long seq) throws InterruptedException {
    long backoff = 50;
    while (true) {
      try {
        writeAll(batch, seq);
        batches.incrementAndGet();
        for (Entry e : batch) {
          writes.addAndGet(e.writes.size());
          e.done.complete(null);
        }
        return;
      } catch (SQLException e) {
        rollbackQuietly();
        if (transientFailure(e)) {
          log.error("event=journal.retry journal={} backoffMs={} reason={}", name, backoff, e.getMessage());
          closeConnection();
          Thread.sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
          continue;
        }
        log.warn("event=journal.batch_rejected journal={} size={} reason={}", name, batch.size(), e.getMessage());
        commitOneByOne(batch);
        markOnly(seq);
        return;
      }
    }
  }

  private void commitOneByOne(List<Entry> batch) throws InterruptedException {
    for (Entry entry : batch) {
      long backoff = 50;
      while (true) {
        try {
          writeAll(List.of(entry), 0);
          batches.incrementAndGet();
          writes.addAndGet(entry.writes.size());
          entry.done.complete(null);
          break;
        } catch (SQLException e) {
          rollbackQuietly();
          if (transientFailure(e)) {
            closeConnection();
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
            continue;
          }
          log.warn("event=journal.write_rejected journal={} reason={}", name, e.getMessage());
          fail(entry, e);
          break;
        }
      }
    }
  }

  /** After a batch was applied entry by entry: record that the database now holds it. */
  private void markOnly(long seq) throws InterruptedException {
    if (wal == null || seq == 0) {
      return;
    }
    applyBatch(List.of(), seq);
  }

  private void writeAll(List<Entry> batch, long seq) throws SQLException {
    Connection c = connection();
    PreparedStatement ps = null;
    String current = null;
    try {
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
      if (wal != null && seq > 0) {
        try (PreparedStatement mark = c.prepareStatement(MARK)) {
          mark.setLong(1, seq);
          mark.setString(2, name);
          mark.executeUpdate();
        }
      }
      c.commit();
    } finally {
      if (ps != null) {
        ps.close();
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = db.rawConnection();
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void rollbackQuietly() {
    if (connection != null) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        closeConnection();
      }
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the pool discards it
      }
      connection = null;
    }
  }

  static boolean transientFailure(SQLException e) {
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null) {
      return e.getCause() instanceof SQLException cause && transientFailure(cause);
    }
    return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
        || state.startsWith("57") || state.startsWith("HYT");
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
      if (applier != null) {
        applier.join(8_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (wal != null) {
      db.unregister(this);
      checkpoint();
      try {
        wal.close();
      } catch (java.io.IOException e) {
        log.warn("event=journal.wal_close_failed journal={} reason={}", name, e.getMessage());
      }
    }
  }
}
