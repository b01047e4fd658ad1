package dev.frontline.server.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalsTest {

  @Test
  void theFirstLossIsLoggedAtOnce_thenAtMostOneLinePerInterval_withTheCountSinceTheLastLine() {
    MovingClock clock = new MovingClock();
    Refusals r = new Refusals(LoggerFactory.getLogger(RefusalsTest.class), "test", clock, 10_000, () -> 7);
    assertEquals(1, r.add(), "the first loss gets a line");
    for (int i = 0; i < 99; i++) {
      clock.millis += 50;
      assertEquals(0, r.add(), "no second line within 10 s");
    }
    assertEquals(0, r.flush(), "not even from the timer");
    clock.millis += 10_000 - 99 * 50;
    assertEquals(100, r.add(), "10 s after the last line: the 99 since then and this one");
    clock.millis += 3_000;
    r.add();
    r.add();
    clock.millis += 7_000;
    assertEquals(2, r.flush(), "the last ones of a burst are told by the timer");
    clock.millis += 60_000;
    assertEquals(0, r.flush(), "nothing new, no line");
    assertEquals(103, r.total());
  }
}
