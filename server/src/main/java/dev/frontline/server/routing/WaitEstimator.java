package dev.frontline.server.routing;

/**
 * Expected wait in a queue, from measured handle times and the online agents' capacity.
 *
 * <p>With every one of the group's {@code C} chat slots busy and handle times averaging
 * {@code H}, slots free up at a rate of {@code C / H}; assuming memoryless remaining times, the
 * visitor at position {@code p} waits for {@code p} departures: {@code W(p) = p * H / C}.
 * {@code H} is an exponentially weighted moving average of the group's recent handle times
 * (assignment to close; weight {@value #ALPHA} on the newest), starting from
 * {@link #DEFAULT_HANDLE_MS} until the first chat of the group closes.
 */
public final class WaitEstimator {
  public static final long DEFAULT_HANDLE_MS = 180_000;
  static final double ALPHA = 0.2;

  private double handleMs = DEFAULT_HANDLE_MS;
  private long samples;

  /** A chat of the group was handled in {@code ms}. */
  public void record(long ms) {
    if (ms <= 0) {
      return;
    }
    handleMs = samples == 0 ? ms : ALPHA * ms + (1 - ALPHA) * handleMs;
    samples++;
  }

  public double handleMs() {
    return handleMs;
  }

  public long samples() {
    return samples;
  }

  /** Expected wait at {@code position} (1 = next) with {@code capacity} chat slots online; null when nobody is online. */
  public Long estimate(int position, int capacity) {
    if (capacity <= 0 || position <= 0) {
      return null;
    }
    return Math.round(position * handleMs / capacity);
  }
}
