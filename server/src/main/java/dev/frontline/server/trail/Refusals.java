package dev.frontline.server.trail;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Counts trail events that were lost (the events journal refused them, or the database rejected
 * them) and says so at WARN, at most once per interval, with how many since the last line: a
 * flood of refusals costs one line per interval, and none goes unmentioned ({@link #flush} writes
 * the rest once the flood is over). Safe from any thread.
 */
final class Refusals {
  private final Logger log;
  private final String reason;
  private final Clock clock;
  private final long intervalMs;
  private final LongSupplier backlog;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong unreported = new AtomicLong();
  private final AtomicLong lastLineAt;

  Refusals(Logger log, String reason, Clock clock, long intervalMs, LongSupplier backlog) {
    this.log = log;
    this.reason = reason;
    this.clock = clock;
    this.intervalMs = intervalMs;
    this.backlog = backlog;
    this.lastLineAt = new AtomicLong(clock.millis() - intervalMs);
  }

  /** Counts one lost event; returns how many a log line just reported (0: none was written). */
  long add() {
    total.incrementAndGet();
    unreported.incrementAndGet();
    return report();
  }

  /** Writes a line for the losses not reported yet, if any, once the interval has passed; returns their number. */
  long flush() {
    return unreported.get() == 0 ? 0 : report();
  }

  private long report() {
    long now = clock.millis();
    long last = lastLineAt.get();
    if (now - last < intervalMs || !lastLineAt.compareAndSet(last, now)) {
      return 0;
    }
    long n = unreported.getAndSet(0);
    if (n > 0) {
      log.warn("event=trail.events_lost reason={} sinceLastLine={} total={} journalBacklog={}", reason, n, total.get(),
          backlog.getAsLong());
    }
    return n;
  }

  long total() {
    return total.get();
  }
}
