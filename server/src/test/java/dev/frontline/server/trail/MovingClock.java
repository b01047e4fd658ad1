package dev.frontline.server.trail;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves (while the server's timers run in real time). */
public final class MovingClock extends Clock {
  public volatile long millis;

  public MovingClock(long millis) {
    this.millis = millis;
  }

  public MovingClock() {
    this(1_795_513_264_710L);
  }

  public void advance(java.time.Duration d) {
    millis += d.toMillis();
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }
}
