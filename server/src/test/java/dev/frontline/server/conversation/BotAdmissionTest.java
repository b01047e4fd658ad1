package dev.frontline.server.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BotAdmissionTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void zeroBudget_admitsOnlyAsManyAsThreads() {
    BotAdmission a = new BotAdmission(2, 0, 5 * MS);
    assertTrue(a.tryAdmit());
    assertTrue(a.tryAdmit());
    assertFalse(a.tryAdmit(), "no thread free and no waiting allowed");
    a.done(3 * MS);
    assertTrue(a.tryAdmit(), "a place freed");
  }

  @Test
  void budget_buysWaitingRoomAtTheMeasuredServiceTime() {
    BotAdmission a = new BotAdmission(1, 100 * MS, 5 * MS);
    assertEquals(1 + 20, a.capacity(), "100 ms of 5 ms answers on one thread");
    for (int i = 0; i < 21; i++) {
      assertTrue(a.tryAdmit(), "place " + i);
    }
    assertFalse(a.tryAdmit(), "the 22nd would wait past the budget");
  }

  @Test
  void slowerAnswers_shrinkTheWaitingRoom_fasterGrowIt() {
    BotAdmission a = new BotAdmission(2, 100 * MS, 5 * MS);
    for (int i = 0; i < 200; i++) {
      a.tryAdmit();
      a.done(50 * MS);
    }
    assertTrue(a.serviceNanos() > 45 * MS && a.serviceNanos() <= 50 * MS, "converges: " + a.serviceNanos());
    assertEquals(2 + 4, a.capacity(), "two threads, 100 ms at about 50 ms an answer");
    for (int i = 0; i < 200; i++) {
      a.tryAdmit();
      a.done(MS);
    }
    assertTrue(a.capacity() >= 2 + 150, "about 200 at 1 ms: " + a.capacity());
    assertEquals(0, a.inFlight());
  }

  @Test
  void refusedOrLate_doNotMoveTheServiceTime() {
    BotAdmission a = new BotAdmission(1, 100 * MS, 5 * MS);
    a.tryAdmit();
    a.done(-1);
    assertEquals(5 * MS, a.serviceNanos());
    assertFalse(a.late(200 * MS), "twice the budget is still in time");
    assertTrue(a.late(201 * MS));
    BotAdmission none = new BotAdmission(1, 0, 5 * MS);
    assertFalse(none.late(10 * MS), "a thread's wake-up is not lateness");
    assertTrue(none.late(11 * MS));
  }

  @Test
  void waitingRoom_isCapped() {
    BotAdmission a = new BotAdmission(1, TimeUnit.SECONDS.toNanos(60), 1);
    assertEquals(1 + BotAdmission.MAX_WAITING, a.capacity());
  }
}
