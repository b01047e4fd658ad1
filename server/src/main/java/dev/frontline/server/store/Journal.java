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
 * <p>Futures complete on the writer thread; callers continue with {@code *Async} variants on
 * their own executor. A failure of the database (connection lost, server restarting) is retried
 * with back-off, keeping order, so nothing acknowledged is ever skipped; a write the database
 * rejects on its own (a constraint) fails alone and the rest of its batch still commits.
 */
public final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  /** One statement with its parameters (String, Long, Integer, Boolean or null). */
  public record Write(String sql, Object... params) {
    public Write {
      Objects.requireNonNull(sql, "sql");
      params = params.clone();
    }
  }

  /** Thrown into a future when the queue is full: the caller answers {@code overloaded}. */
  public static final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverloadedException(String name) {
      super("journal " + name + " is full", null, false, false);
    }
  }

  private record Entry(List<Write> writes, CompletableFuture<Void> done) {}

  private static final Entry POISON = new Entry(List.of(), new CompletableFuture<>());

  private final String name;
  private final Database db;
  private final BlockingQueue<Entry> queue;
  private final int maxBatch;
  private final Thread writer;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private volatile boolean accepting = true;
  private Connection connection;

  public Journal(String name, Database db, int capacity, int maxBatch) {
    this.name = name;
    this.db = db;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.writer = Thread.ofPlatform().name("journal-" + name).daemon(false).unstarted(this::run);
    writer.start();
  }

  /** Queues writes that commit together; the future completes once they are durable. */
  public CompletableFuture<Void> submit(List<Write> batch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!accepting) {
      done.completeExceptionally(new IllegalStateException("journal " + name + " is closed"));
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
          commit(batch);
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

  private void commit(List<Entry> batch) throws InterruptedException {
    long backoff = 50;
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
        if (transientFailure(e)) {
          log.error("event=journal.retry journal={} backoffMs={} reason={}", name, backoff, e.getMessage());
          closeConnection();
          Thread.sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
          continue;
        }
        log.warn("event=journal.batch_rejected journal={} size={} reason={}", name, batch.size(), e.getMessage());
        commitOneByOne(batch);
        return;
      }
    }
  }

  private void commitOneByOne(List<Entry> batch) throws InterruptedException {
    for (Entry entry : batch) {
      long backoff = 50;
      while (true) {
        try {
          writeAll(List.of(entry));
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
          entry.done.completeExceptionally(e);
          break;
        }
      }
    }
  }

  private void writeAll(List<Entry> batch) throws SQLException {
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
      c.commit();
    } finally {
      if (ps != null) {
        ps.close();
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = db.connection();
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
