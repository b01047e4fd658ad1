package dev.frontline.server.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The update rules over random queue histories: every position told is the current one, a
 * visitor is told at most once per window (after the first), and once the queue is quiet every
 * visitor has been told where it stands.
 */
class PositionReporterTest {
  private static final long WINDOW = 1000;

  private long now;
  private final Map<Waiting, List<long[]>> told = new HashMap<>();
  private final PositionReporter reporter = new PositionReporter(WINDOW, this::told);
  private final GroupQueue q = new GroupQueue("g", reporter::moved);
  private int next;

  private void told(Waiting w, int position) {
    assertEquals(q.position(w), position, "only the current position is told");
    List<long[]> list = told.computeIfAbsent(w, x -> new ArrayList<>());
    if (!list.isEmpty()) {
      long[] last = list.get(list.size() - 1);
      assertTrue(now - last[0] >= WINDOW, "at most once per window: " + (now - last[0]) + " ms after the previous");
      assertTrue(position != last[1], "only changes are told");
    }
    list.add(new long[] {now, position});
  }

  private Waiting join(boolean head) {
    next++;
    Waiting w = new Waiting("c" + next, "v" + next, "g", now);
    if (head) {
      q.addFirst(w);
    } else {
      q.addLast(w);
    }
    reporter.joined(w);
    return w;
  }

  @Test
  void randomHistories_currentPositionsOnly_oncePerWindow_andTheLatestInTheEnd() {
    for (long seed = 1; seed <= 20; seed++) {
      Random r = new Random(seed);
      for (int step = 0; step < 2_000; step++) {
        int op = r.nextInt(100);
        List<Waiting> members = q.members();
        if (op < 35 || members.isEmpty()) {
          Waiting w = join(r.nextInt(10) == 0);
          reporter.flush(now);
          assertEquals(1, told.get(w).size(), "the first position is told at once");
        } else if (op < 70) {
          q.pollFirst();
        } else if (op < 80) {
          q.remove(members.get(r.nextInt(members.size())));
        } else {
          now += r.nextInt(400);
          reporter.expire(now);
        }
        reporter.flush(now);
      }
      now += WINDOW;
      reporter.expire(now);
      now += WINDOW;
      reporter.expire(now);
      for (Waiting w : q.members()) {
        List<long[]> list = told.get(w);
        assertEquals(q.position(w), list.get(list.size() - 1)[1], "the last position told is the current one");
      }
      while (!q.isEmpty()) {
        q.pollFirst();
      }
      reporter.flush(now);
      told.clear();
    }
  }

  @Test
  void aBusyQueue_isToldAboutOncePerWindowPerVisitor_howeverOftenItMoves() {
    for (int i = 0; i < 1_000; i++) {
      join(false);
    }
    reporter.flush(now);
    int sends = told.values().stream().mapToInt(List::size).sum();
    assertEquals(1_000, sends);
    // 10 seconds of 200 assignments a second, each followed by a new visitor at the end.
    for (int ms = 0; ms < 10_000; ms += 5) {
      now += 5;
      q.pollFirst();
      join(false);
      reporter.flush(now);
      if (ms % 100 == 0) {
        reporter.expire(now);
      }
    }
    int after = told.values().stream().mapToInt(List::size).sum() - sends;
    // 2,000 new visitors told at once, plus at most one update per visitor and window: the queue
    // holds 1,000 for 10 s (10,000 visitor-seconds), not 2,000 assignments x 1,000 behind the head.
    assertTrue(after <= 2_000 + 10_000 + 1_000, "updates: " + after);
    assertTrue(after >= 2_000 + 5_000, "updates still flow: " + after);
  }
}
