package dev.frontline.bench.load;

import java.util.HashSet;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Deliver mode's bookkeeping, apart from the sockets. Every message's client id carries the
 * instant it was due ({@code System.nanoTime()} of this JVM, in which the visitor's and the
 * agent's sockets both live, so both ends read one clock); the agent side times a message from
 * its id alone, and each id counts once. Messages due in {@code [measureStart, end)} are
 * measured. Thread-safe: visitors' and agents' event loops call in.
 */
final class Delivery {
  private final long measureStart;
  private final long end;
  private final Histogram deliver = Histograms.create();
  private final Histogram ack = Histograms.create();
  private final Histogram sendLag = Histograms.create();
  private final Set<String> delivered = new HashSet<>();
  private long sent;
  private long sentMeasured;
  private long deliveredMeasured;
  private long duplicates;
  private long foreign;
  private long acked;

  Delivery(long measureStart, long end) {
    this.measureStart = measureStart;
    this.end = end;
  }

  /** The client id of a message of visitor {@code visitor} due at {@code dueNanos}. */
  static String clientId(int visitor, long dueNanos) {
    return "d" + visitor + "-" + dueNanos;
  }

  /** The instant a message with this client id was due, or {@link Long#MIN_VALUE} if it is not one of ours. */
  static long dueOf(String clientId) {
    if (clientId == null || clientId.length() < 4 || clientId.charAt(0) != 'd') {
      return Long.MIN_VALUE;
    }
    int dash = clientId.indexOf('-', 1);
    if (dash < 2) {
      return Long.MIN_VALUE;
    }
    try {
      Integer.parseInt(clientId, 1, dash, 10);
      return Long.parseLong(clientId, dash + 1, clientId.length(), 10);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  /**
   * Message {@code k} of an open-loop schedule of {@code ratePerSecond} messages a second from
   * {@code start}: due at {@code start + k / rate}, whatever happened to the earlier ones.
   */
  static long dueAt(long start, double ratePerSecond, long k) {
    return start + Math.round(k * (1e9 / ratePerSecond));
  }

  private boolean measured(long due) {
    return due >= measureStart && due < end;
  }

  /** A message due at {@code due} was written at {@code now}. */
  synchronized void sent(long due, long now) {
    sent++;
    if (measured(due)) {
      sentMeasured++;
      sendLag.recordValue(VisitorClient.micros(now - due));
    }
  }

  /** An agent's socket read a {@code message} frame with this client id at {@code now}. */
  synchronized void delivered(String clientId, long now) {
    long due = dueOf(clientId);
    if (due == Long.MIN_VALUE) {
      foreign++;
      return;
    }
    if (!delivered.add(clientId)) {
      duplicates++;
      return;
    }
    if (measured(due)) {
      deliveredMeasured++;
      deliver.recordValue(VisitorClient.micros(now - due));
    }
  }

  /** The visitor's socket read the {@code ack} of this client id at {@code now}. */
  synchronized void acked(String clientId, long now) {
    long due = dueOf(clientId);
    if (due == Long.MIN_VALUE) {
      return;
    }
    acked++;
    if (measured(due)) {
      ack.recordValue(VisitorClient.micros(now - due));
    }
  }

  synchronized long sent() {
    return sent;
  }

  synchronized long sentMeasured() {
    return sentMeasured;
  }

  synchronized long delivered() {
    return delivered.size();
  }

  synchronized long deliveredMeasured() {
    return deliveredMeasured;
  }

  synchronized long acked() {
    return acked;
  }

  synchronized long duplicates() {
    return duplicates;
  }

  /** {@code message} frames on agents' sockets whose client id is not one of this run's. */
  synchronized long foreign() {
    return foreign;
  }

  synchronized Histogram deliverLatency() {
    return deliver.copy();
  }

  synchronized Histogram ackLatency() {
    return ack.copy();
  }

  synchronized Histogram sendLag() {
    return sendLag.copy();
  }
}
