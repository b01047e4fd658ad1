package dev.frontline.server.conversation;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N single-thread executors; client commands are admitted up to a bound. Each visitor (and so each of its
 * conversations) belongs to one of them by hash of its id: every change to a conversation runs
 * on that one thread, in order, without locks. A full queue is an explicit {@link Overloaded},
 * never a wait.
 */
public final class Shards implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Shards.class);

  /** The shard's queue is full: the caller answers {@code overloaded}. */
  public static final class Overloaded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overloaded() {
      super("conversation shard is overloaded", null, false, false);
    }
  }

  private final ThreadPoolExecutor[] shards;
  private final java.util.concurrent.atomic.AtomicInteger[] inbound;
  private final int capacity;

  public Shards(int count, int queueCapacity) {
    shards = new ThreadPoolExecutor[count];
    inbound = new java.util.concurrent.atomic.AtomicInteger[count];
    capacity = queueCapacity;
    for (int i = 0; i < count; i++) {
      String name = "conv-" + i;
      inbound[i] = new java.util.concurrent.atomic.AtomicInteger();
      shards[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
          r -> Thread.ofPlatform().name(name).unstarted(() -> {
            try {
              r.run();
            } catch (RuntimeException e) {
              log.error("event=shard.crash thread={}", name, e);
            }
          }));
    }
  }

  private int index(String key) {
    return Math.floorMod(key.hashCode(), shards.length);
  }

  /**
   * The executor that owns {@code key}, for continuations of work already admitted (database
   * completions, bot replies, routing decisions): always accepted, so nothing admitted is lost.
   */
  public Executor of(String key) {
    return shards[index(key)];
  }

  /**
   * Admits new work from a client onto the owner of {@code key}; throws {@link Overloaded} when
   * that owner already has {@code queueCapacity} client commands waiting.
   */
  public void execute(String key, Runnable task) {
    int i = index(key);
    java.util.concurrent.atomic.AtomicInteger waiting = inbound[i];
    if (waiting.incrementAndGet() > capacity) {
      waiting.decrementAndGet();
      throw new Overloaded();
    }
    try {
      shards[i].execute(() -> {
        waiting.decrementAndGet();
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("event=shard.task_failed key={}", key, e);
        }
      });
    } catch (RejectedExecutionException e) {
      waiting.decrementAndGet();
      throw new Overloaded();
    }
  }

  /** Waits until every task queued so far has run (shutdown, tests). */
  public void drain(long timeoutMs) {
    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(shards.length);
    for (ThreadPoolExecutor s : shards) {
      try {
        s.execute(latch::countDown);
      } catch (RejectedExecutionException e) {
        latch.countDown();
      }
    }
    try {
      latch.await(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (ThreadPoolExecutor s : shards) {
      s.shutdown();
    }
    for (ThreadPoolExecutor s : shards) {
      try {
        s.awaitTermination(3, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
