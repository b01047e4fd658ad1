package dev.frontline.server.transport;

/**
 * Token buckets of one connection, used on its event loop only. Commands: a burst of 20, 10 a
 * second sustained (a client sending 5 frames a second is never limited); typing previews: a
 * burst of 20, 10 a second, excess silently dropped. A client that keeps flooding is closed.
 */
final class FloodGuard {
  private static final double RATE = 10.0 / 1_000_000_000L;
  private static final double BURST = 20;
  private static final int CLOSE_AFTER = 60;

  private double commands = BURST;
  private double typing = BURST;
  private long last = System.nanoTime();
  private int refused;

  private void refill() {
    long now = System.nanoTime();
    double add = (now - last) * RATE;
    last = now;
    commands = Math.min(BURST, commands + add);
    typing = Math.min(BURST, typing + add);
    if (commands >= BURST && refused > 0) {
      refused = 0;
    }
  }

  /** True when a command may run now. */
  boolean command() {
    refill();
    if (commands >= 1) {
      commands -= 1;
      return true;
    }
    refused++;
    return false;
  }

  boolean typing() {
    refill();
    if (typing >= 1) {
      typing -= 1;
      return true;
    }
    return false;
  }

  /** True once the client has been refused so often that it is flooding on purpose. */
  boolean flooding() {
    return refused >= CLOSE_AFTER;
  }
}
