package dev.frontline.server.conversation;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which questions the bot may take: as many as its threads run at once, plus as many waiting
 * as the threads clear within the wait budget at the measured service time. A question beyond
 * that is refused at once (the visitor is told, never left waiting); so is one whose turn comes
 * after twice the budget (the estimate was wrong: the machine got slower), and at least 10 ms. Thread-safe; the
 * numbers it keeps are estimates, and a lost update only makes the next estimate a little off.
 */
final class BotAdmission {
  /** Waiting questions at most, whatever the estimate says. */
  static final int MAX_WAITING = 10_000;
  /** A question is never late before this, whatever the budget. */
  static final long LATE_FLOOR_NANOS = 10_000_000;

  private final int threads;
  private final long budgetNanos;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Mean time of one answer (exponential moving average, weight 1/16), nanoseconds. */
  private final AtomicLong serviceNanos;

  BotAdmission(int threads, long budgetNanos, long initialServiceNanos) {
    if (threads < 1 || budgetNanos < 0 || initialServiceNanos < 1) {
      throw new IllegalArgumentException("threads >= 1, budget >= 0, service time >= 1 ns");
    }
    this.threads = threads;
    this.budgetNanos = budgetNanos;
    this.serviceNanos = new AtomicLong(initialServiceNanos);
  }

  /** Questions that may be running or waiting now: the threads plus the waiting room the budget buys. */
  int capacity() {
    long waiting = budgetNanos * threads / serviceNanos.get();
    return threads + (int) Math.min(MAX_WAITING, waiting);
  }

  /** Takes a place for one question; false when it would wait longer than the budget. */
  boolean tryAdmit() {
    int limit = capacity();
    while (true) {
      int n = inFlight.get();
      if (n >= limit) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /**
   * Whether a question admitted {@code waitedNanos} ago is too late to start now: it waited more than twice the
   * budget, and more than {@link #LATE_FLOOR_NANOS} (a thread's wake-up on a busy machine is not lateness).
   */
  boolean late(long waitedNanos) {
    return waitedNanos > Math.max(2 * budgetNanos, LATE_FLOOR_NANOS);
  }

  /** A question's place is free again; {@code answerNanos} is how long answering took (negative: not answered). */
  void done(long answerNanos) {
    inFlight.decrementAndGet();
    if (answerNanos >= 0) {
      long sample = Math.max(1, answerNanos);
      serviceNanos.getAndUpdate(s -> Math.max(1, s + (sample - s) / 16));
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  long serviceNanos() {
    return serviceNanos.get();
  }
}
