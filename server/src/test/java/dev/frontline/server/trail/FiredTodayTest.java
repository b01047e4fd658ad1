package dev.frontline.server.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiredTodayTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private static int day(String instant) {
    return FiredToday.day(Clock.fixed(Instant.parse(instant), ZoneId.of("UTC")), SHANGHAI);
  }

  @Test
  void aDayIsACalendarDayInTheServersZone() {
    // 16:00 UTC is midnight in Shanghai.
    assertEquals(day("2026-11-24T15:59:59.999Z") + 1, day("2026-11-24T16:00:00Z"));
    assertEquals(day("2026-11-24T16:00:00Z"), day("2026-11-25T15:59:59.999Z"));
  }

  @Test
  void aRuleFiresOncePerVisitorPerDay_andAgainTheNextDay() {
    RuleBook book = RuleBook.of(List.of(RuleBookTest.url("a", 2, "*"), RuleBookTest.url("b", 1, "*")));
    VisitorFacts f = RuleBookTest.facts(RuleBookTest.URL, null, RuleBookTest.NOW);
    FiredToday fired = new FiredToday();
    int monday = day("2026-11-23T10:00:00Z");
    ProactiveRule first = book.first(f, fired.on(monday));
    assertEquals("a", first.id());
    fired.add(monday, first.id());
    assertEquals("b", book.first(f, fired.on(monday)).id(), "a has fired today: the next rule");
    fired.add(monday, "b");
    assertNull(book.first(f, fired.on(monday)));
    int tuesday = monday + 1;
    assertEquals("a", book.first(f, fired.on(tuesday)).id(), "a new day starts empty");
    assertEquals(Set.of(), fired.on(tuesday));
  }

  @Test
  void restore_keepsWhatFiredEarlierTodayAcrossARestart() {
    FiredToday fired = new FiredToday();
    int today = day("2026-11-24T10:00:00Z");
    fired.restore(today, Set.of("a"));
    assertEquals(Set.of("a"), fired.on(today));
    fired.add(today, "b");
    assertEquals(Set.of("a", "b"), fired.on(today));
    assertEquals(Set.of(), fired.on(today + 1));
    fired.restore(today, Set.of());
    assertEquals(Set.of(), fired.on(today));
  }
}
