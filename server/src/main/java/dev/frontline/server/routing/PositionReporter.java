package dev.frontline.server.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides when a waiting visitor is told its queue position: at most once per window per
 * visitor, with a leading and a trailing edge. A change is told at once when nothing was told
 * to this visitor in the last {@code windowMs}; otherwise the latest position is told once when
 * the window ends (and that opens the next window). A visitor is told only positions that were
 * current when told, in order, and always ends up with its current one; a window with no change
 * closes quietly.
 *
 * <p>The cost is bounded by what is sent, not by how often the queue moves: a change costs
 * O(1) for the queue plus one look at each member with no window open ({@link GroupQueue#idle});
 * a member in a window only learns of it at the window's end, through the queue's
 * {@link GroupQueue#moves} counter. So a queue of {@code n} busy members gets at most about
 * {@code n / windowMs} updates a second, however many assignments a second it sees. With
 * {@code windowMs} 0 every change is told at once.
 *
 * <p>Confined to the dispatcher thread: the dispatcher calls {@link #flush} at the end of each of
 * its tasks and {@link #expire} from its timer.
 */
final class PositionReporter {
  /** Where positions go (the dispatcher adds the expected wait and calls its listener). */
  interface Out {
    void queued(Waiting w, int position);
  }

  private final long windowMs;
  private final Out out;
  /** Members with an open window, by window end (ends are set in time order, so this is a FIFO). */
  private final ArrayDeque<Waiting> windows = new ArrayDeque<>();
  /** Queues in which members may have moved since the last flush. */
  private final Set<GroupQueue> moved = new LinkedHashSet<>();
  /** Members who joined a queue (or changed queues) since the last flush. */
  private final List<Waiting> joined = new ArrayList<>();

  PositionReporter(long windowMs, Out out) {
    if (windowMs < 0) {
      throw new IllegalArgumentException("windowMs must be >= 0, not " + windowMs);
    }
    this.windowMs = windowMs;
    this.out = out;
  }

  long windowMs() {
    return windowMs;
  }

  /** Members of {@code q} may have moved (the queue calls this). */
  void moved(GroupQueue q) {
    moved.add(q);
  }

  /** {@code w} joined a queue or moved to another: it is told its position at the next flush or at its window's end. */
  void joined(Waiting w) {
    joined.add(w);
  }

  /** Tells what changed in the task that just ran. */
  void flush(long now) {
    if (!joined.isEmpty()) {
      for (Waiting w : joined) {
        if (!w.isQueued()) {
          continue;
        }
        if (w.windowEnd != 0) {
          w.seenMoves = -1;
        } else {
          consider(w, now);
        }
      }
      joined.clear();
    }
    if (!moved.isEmpty()) {
      for (GroupQueue q : moved) {
        if (!q.idle.isEmpty()) {
          for (Waiting w : new ArrayList<>(q.idle)) {
            consider(w, now);
          }
        }
      }
      moved.clear();
    }
  }

  /** Ends the windows due by {@code now}: each member whose position changed in its window is told it. */
  void expire(long now) {
    while (!windows.isEmpty()) {
      Waiting w = windows.peekFirst();
      if (w.isQueued() && !due(w, now)) {
        return;
      }
      windows.pollFirst();
      if (!w.isQueued()) {
        continue;
      }
      w.windowEnd = 0;
      if (w.seenMoves != w.queue.moves) {
        int position = w.queue.position(w);
        w.seenMoves = w.queue.moves;
        if (position != w.sentPosition) {
          send(w, position, now);
          continue;
        }
      }
      w.queue.idle.add(w);
    }
  }

  /** Tells {@code w} its position now, window or not (it asked again). */
  void resend(Waiting w, long now) {
    int position = w.queue.position(w);
    if (w.windowEnd == 0) {
      send(w, position, now);
    } else {
      w.sentPosition = position;
      w.seenMoves = w.queue.moves;
      out.queued(w, position);
    }
  }

  /** Due at its end, or at once if the clock went back by more than a window. */
  private boolean due(Waiting w, long now) {
    return now >= w.windowEnd || w.windowEnd - now > windowMs;
  }

  private void consider(Waiting w, long now) {
    int position = w.queue.position(w);
    w.seenMoves = w.queue.moves;
    if (position != w.sentPosition) {
      send(w, position, now);
    }
  }

  private void send(Waiting w, int position, long now) {
    w.sentPosition = position;
    w.seenMoves = w.queue.moves;
    out.queued(w, position);
    if (windowMs > 0) {
      w.windowEnd = Math.max(1, now + windowMs);
      w.queue.idle.remove(w);
      windows.addLast(w);
    }
  }
}
