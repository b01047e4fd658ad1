package dev.frontline.server.health;

import java.time.Duration;
import java.time.Instant;

/**
 * The pure core of one health check: whether it is up, since when it is down, and when to look
 * again (every {@code interval} while up; from {@code firstRetry}, doubling up to {@code maxRetry},
 * while down). Says when the check changed, so that the caller logs one line when it is lost and
 * one when it is back. Used by one thread at a time.
 */
final class CheckState {

  /** What a probe's outcome changed. */
  enum Change {
    NONE,
    LOST,
    RESTORED
  }

  /** The change, and how long to wait before the next probe. */
  record Step(Change change, Duration next) {}

  private final Duration interval;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private boolean down;
  private Instant downSince = Instant.EPOCH;
  private Duration retry;
  private int failures;

  CheckState(Duration interval, Duration firstRetry, Duration maxRetry) {
    if (interval.isNegative() || interval.isZero() || firstRetry.isNegative() || firstRetry.isZero()
        || maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("intervals must be positive and maxRetry >= firstRetry");
    }
    this.interval = interval;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry;
    this.retry = firstRetry;
  }

  /** The probe answered. */
  Step succeeded() {
    Change change = down ? Change.RESTORED : Change.NONE;
    down = false;
    failures = 0;
    retry = firstRetry;
    return new Step(change, interval);
  }

  /** The probe failed at {@code now}. */
  Step failed(Instant now) {
    Change change = Change.NONE;
    if (!down) {
      down = true;
      downSince = now;
      change = Change.LOST;
    }
    failures++;
    Duration next = retry;
    Duration doubled = retry.multipliedBy(2);
    retry = doubled.compareTo(maxRetry) > 0 ? maxRetry : doubled;
    return new Step(change, next);
  }

  boolean down() {
    return down;
  }

  /** Failed probes in a row. */
  int failures() {
    return failures;
  }

  /** How long it has been down at {@code now} (zero while up). */
  Duration downFor(Instant now) {
    return down ? Duration.between(downSince, now) : Duration.ZERO;
  }
}
