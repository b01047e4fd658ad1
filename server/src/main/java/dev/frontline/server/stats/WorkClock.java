package dev.frontline.server.stats;

import dev.frontline.server.routing.PresenceObserver;
import dev.frontline.server.store.Journal.Write;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Agents' online and busy time as rows of {@code agent_time}, written as it passes: a row starts
 * when the agent comes online (or gets its first chat while online), its end moves forward every
 * {@link #EXTEND_MS} and when the state changes, and no row crosses a quarter hour (a new row
 * starts at each multiple of {@link #SLOT_MS} since the epoch), so that hour and day buckets in
 * any zone whose offset is a multiple of 15 minutes are sums of whole rows. A crash loses at most
 * the last {@link #EXTEND_MS} of an interval. Single-threaded: called on the dispatcher thread.
 */
public final class WorkClock implements PresenceObserver {
  public static final long SLOT_MS = 15 * 60_000L;
  static final long EXTEND_MS = 30_000L;
  static final String ONLINE = "online";
  static final String BUSY = "busy";

  private record Key(long agentId, String kind) {}

  /** The open row: where it starts and how far its end is written. */
  private static final class Open {
    long rowStart;
    long writtenEnd;

    Open(long start) {
      rowStart = start;
      writtenEnd = start;
    }
  }

  private final Consumer<List<Write>> sink;
  private final Map<Key, Open> open = new HashMap<>();

  /** @param sink takes the writes of one change, in order (the events journal) */
  public WorkClock(Consumer<List<Write>> sink) {
    this.sink = sink;
  }

  @Override
  public void presence(long agentId, boolean online, boolean busy, long now) {
    List<Write> w = new ArrayList<>(0);
    set(new Key(agentId, ONLINE), online, now, w);
    set(new Key(agentId, BUSY), online && busy, now, w);
    if (!w.isEmpty()) {
      sink.accept(w);
    }
  }

  @Override
  public void tick(long now) {
    List<Write> w = new ArrayList<>(0);
    for (Map.Entry<Key, Open> e : open.entrySet()) {
      Open o = e.getValue();
      if (now - o.writtenEnd >= EXTEND_MS || slotEnd(o.rowStart) <= now) {
        advance(e.getKey(), o, now, w);
      }
    }
    if (!w.isEmpty()) {
      sink.accept(w);
    }
  }

  /** Number of intervals open now (tests). */
  int openCount() {
    return open.size();
  }

  private void set(Key k, boolean on, long now, List<Write> w) {
    Open o = open.get(k);
    if (on && o == null) {
      open.put(k, new Open(now));
      w.add(insert(k, now));
    } else if (!on && o != null) {
      open.remove(k);
      advance(k, o, now, w);
      if (o.rowStart == now) {
        // An empty row (the state turned back within the same millisecond or at a quarter hour): gone.
        w.add(new Write("DELETE FROM agent_time WHERE agent_id = ? AND kind = ? AND started_at = ?", k.agentId(),
            k.kind(), now));
      }
    }
  }

  /** Writes the row's end as {@code now}, cutting it at each quarter hour passed on the way. */
  private static void advance(Key k, Open o, long now, List<Write> w) {
    for (long end = slotEnd(o.rowStart); end <= now; end = slotEnd(o.rowStart)) {
      w.add(update(k, o.rowStart, end));
      o.rowStart = end;
      w.add(insert(k, end));
    }
    w.add(update(k, o.rowStart, now));
    o.writtenEnd = now;
  }

  static long slotEnd(long t) {
    return (Math.floorDiv(t, SLOT_MS) + 1) * SLOT_MS;
  }

  private static Write insert(Key k, long at) {
    return new Write("INSERT INTO agent_time (agent_id, kind, started_at, ended_at) VALUES (?, ?, ?, ?)", k.agentId(),
        k.kind(), at, at);
  }

  private static Write update(Key k, long start, long end) {
    return new Write("UPDATE agent_time SET ended_at = ? WHERE agent_id = ? AND kind = ? AND started_at = ?", end,
        k.agentId(), k.kind(), start);
  }
}
