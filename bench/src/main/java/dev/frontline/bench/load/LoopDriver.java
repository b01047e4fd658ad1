package dev.frontline.bench.load;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Everything one event loop owns: its ready clients, its part of the open-loop send schedule,
 * its histograms and counters. Used on that loop's thread only, so nothing here is
 * synchronised; the worker reads it by submitting tasks to the loop.
 *
 * <p>The schedule is open-loop: message {@code k} of this loop is due at a fixed instant computed
 * from the start time, whatever happened to earlier messages, and its latency is measured from
 * that instant, not from when it was actually written. A server (or client) that stalls
 * therefore shows the stall in the latency of every message that was due during it, instead of
 * hiding it by sending less (coordinated omission).
 */
final class LoopDriver {
  final EventLoop loop;
  final Histogram connectLatency = Histograms.create();
  final Histogram welcomeLatency = Histograms.create();
  final Histogram ackLatency = Histograms.create();
  /** How late the client wrote each measured message compared to its intended time. */
  final Histogram sendLag = Histograms.create();
  final List<VisitorClient> ready = new ArrayList<>();
  private final Map<String, Long> counts = new HashMap<>();

  long framesIn;
  long closedAfterReady;
  long pings;
  long sent;
  long acked;
  long errored;
  long dueMeasured;
  long sentMeasured;
  long ackedMeasured;
  long erroredMeasured;

  /** One open-loop schedule of this loop: chat messages or track frames. */
  private final class Stream {
    final VisitorClient[] order;
    final long[] offsets;
    final long start;
    final long end;
    final long period;
    final boolean track;
    long k;
    boolean done;

    Stream(VisitorClient[] order, long[] offsets, long start, long end, long period, boolean track) {
      this.order = order;
      this.offsets = offsets;
      this.start = start;
      this.end = end;
      this.period = period;
      this.track = track;
      this.done = order.length == 0;
    }

    void tick(long now) {
      int m = order.length;
      while (!done) {
        int q = (int) (k % m);
        long due = start + offsets[q] + (k / m) * period;
        if (due >= end) {
          done = true;
          return;
        }
        if (due > now) {
          return;
        }
        k++;
        boolean measured = due >= measureStart;
        if (track) {
          if (order[q].track(trackEvent, runId)) {
            trackSent++;
            if (measured) {
              trackSentMeasured++;
            }
          }
          continue;
        }
        if (measured) {
          dueMeasured++;
        }
        if (order[q].send(due, texts.nextTail())) {
          sent++;
          if (measured) {
            sentMeasured++;
            sendLag.recordValue(VisitorClient.micros(System.nanoTime() - due));
          }
        }
      }
    }
  }

  private final List<Stream> streams = new ArrayList<>();
  private long measureStart = Long.MAX_VALUE;
  private MessageTexts texts;
  private String trackEvent;
  private String runId;
  private ScheduledFuture<?> ticker;
  long trackSent;
  long trackSentMeasured;

  LoopDriver(EventLoop loop) {
    this.loop = loop;
  }

  void ready(VisitorClient c) {
    ready.add(c);
  }

  void count(String key) {
    counts.merge(key, 1L, Long::sum);
  }

  /**
   * Adds a schedule: client {@code clients[i]} sends (a chat message, or a track frame when
   * {@code track}) at {@code start + offsets[i] + n * period} for n = 0, 1, ... while that is
   * before {@code end}; chat messages intended at or after {@code measureStart} are measured.
   */
  void addSchedule(VisitorClient[] clients, long[] offsets, long start, long measureStart, long end, long period,
      boolean track, String tail, String trackEvent, String runId) {
    this.measureStart = measureStart;
    this.texts = MessageTexts.fromTail(tail);
    this.trackEvent = trackEvent;
    this.runId = runId;
    streams.add(new Stream(clients, offsets, start, end, period, track));
    if (ticker == null) {
      long delay = Math.max(0, start - System.nanoTime());
      ticker = loop.scheduleAtFixedRate(this::tick, delay, 1_000_000L, TimeUnit.NANOSECONDS);
    }
  }

  private void tick() {
    long now = System.nanoTime();
    boolean all = true;
    for (Stream st : streams) {
      st.tick(now);
      all &= st.done;
    }
    if (all) {
      ticker.cancel(false);
    }
  }

  void acked(long intended, long now) {
    acked++;
    if (intended >= measureStart) {
      ackedMeasured++;
      ackLatency.recordValue(VisitorClient.micros(now - intended));
    }
  }

  void answeredWithError(long intended) {
    errored++;
    if (intended >= measureStart) {
      erroredMeasured++;
    }
  }

  /** Sent and neither acknowledged nor answered with an error. */
  long outstanding() {
    return sent - acked - errored;
  }

  boolean scheduleDone() {
    return ticker == null || ticker.isDone();
  }

  long openNow() {
    long n = 0;
    for (VisitorClient c : ready) {
      if (c.isOpen()) {
        n++;
      }
    }
    return n;
  }

  /** A copy of the counters and histograms (call on the loop). */
  WorkerResult.Part snapshot() {
    Map<String, Long> c = new HashMap<>(counts);
    c.put("ready", (long) ready.size());
    c.put("openAtEnd", openNow());
    c.put("closedAfterReady", closedAfterReady);
    c.put("pingsAnswered", pings);
    c.put("framesIn", framesIn);
    c.put("sent", sent);
    c.put("acked", acked);
    c.put("errored", errored);
    c.put("outstanding", outstanding());
    c.put("dueMeasured", dueMeasured);
    c.put("sentMeasured", sentMeasured);
    c.put("ackedMeasured", ackedMeasured);
    c.put("erroredMeasured", erroredMeasured);
    c.put("trackSent", trackSent);
    c.put("trackSentMeasured", trackSentMeasured);
    return new WorkerResult.Part(c, connectLatency.copy(), welcomeLatency.copy(), ackLatency.copy(), sendLag.copy());
  }
}
