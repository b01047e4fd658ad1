package dev.frontline.server.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The queue's positions, order and move count against a plain list doing the same. */
class GroupQueueTest {
  private final List<GroupQueue> movedCalls = new ArrayList<>();
  private final GroupQueue q = new GroupQueue("g", movedCalls::add);
  private int next;

  private Waiting waiting(long enqueuedAt) {
    next++;
    return new Waiting("c" + next, "v" + next, "g", enqueuedAt);
  }

  private void assertSameAs(List<Waiting> model) {
    assertEquals(model, q.members());
    assertEquals(model.size(), q.size());
    assertEquals(model.isEmpty(), q.isEmpty());
    assertSame(model.isEmpty() ? null : model.get(0), q.peekFirst());
    for (int i = 0; i < model.size(); i++) {
      assertEquals(i + 1, q.position(model.get(i)), "position of " + model.get(i).conversationId);
      assertSame(q, model.get(i).queue);
    }
  }

  @Test
  void randomOperations_positionsOrderAndMovesMatchAList() {
    for (long seed = 1; seed <= 20; seed++) {
      Random r = new Random(seed);
      List<Waiting> model = new ArrayList<>();
      long clock = 0;
      for (int step = 0; step < 3_000; step++) {
        long movesBefore = q.moves;
        boolean othersMove;
        int op = r.nextInt(100);
        if (op < 40 || model.isEmpty()) {
          Waiting w = waiting(clock++);
          q.addLast(w);
          model.add(w);
          othersMove = false;
        } else if (op < 48) {
          Waiting w = waiting(clock++);
          q.addFirst(w);
          model.add(0, w);
          othersMove = model.size() > 1;
        } else if (op < 52) {
          Waiting w = waiting(r.nextLong(clock + 1));
          int i = 0;
          while (i < model.size() && model.get(i).enqueuedAt <= w.enqueuedAt) {
            i++;
          }
          othersMove = i < model.size();
          q.insertByAge(w);
          model.add(i, w);
        } else if (op < 80) {
          Waiting w = q.pollFirst();
          assertSame(model.remove(0), w);
          assertNull(w.queue);
          othersMove = !model.isEmpty();
        } else {
          int i = r.nextInt(model.size());
          Waiting w = model.remove(i);
          q.remove(w);
          othersMove = i < model.size();
        }
        assertEquals(othersMove ? movesBefore + 1 : movesBefore, q.moves, "step " + step + " op " + op);
        if (step % 7 == 0) {
          assertSameAs(model);
        }
      }
      assertSameAs(model);
      while (!q.isEmpty()) {
        q.pollFirst();
      }
      assertNull(q.pollFirst());
    }
    assertTrue(movedCalls.stream().allMatch(g -> g == q));
  }

  @Test
  void aMemberOfAnotherQueue_isRefused() {
    Waiting w = waiting(0);
    GroupQueue other = new GroupQueue("h", x -> {});
    other.addLast(w);
    assertThrows(IllegalArgumentException.class, () -> q.position(w));
    assertThrows(IllegalArgumentException.class, () -> q.remove(w));
  }

  @Test
  void idle_holdsMembersWithNoWindowOpen_andLosesThemWhenTheyLeave() {
    Waiting a = waiting(0);
    Waiting b = waiting(1);
    b.windowEnd = 5;
    q.addLast(a);
    q.addLast(b);
    assertEquals(List.of(a), List.copyOf(q.idle));
    q.remove(a);
    assertTrue(q.idle.isEmpty());
  }
}
