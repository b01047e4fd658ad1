package dev.frontline.server.trail;

import static dev.frontline.server.trail.RuleBookTest.DAY;
import static dev.frontline.server.trail.RuleBookTest.NOW;
import static dev.frontline.server.trail.RuleBookTest.URL;
import static dev.frontline.server.trail.RuleBookTest.facts;
import static dev.frontline.server.trail.RuleBookTest.ids;
import static dev.frontline.server.trail.RuleBookTest.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PageHistoryTest {

  private static boolean holds(ProactiveRule rule, PageHistory h, long now) {
    return !RuleBook.of(List.of(rule)).matching(facts(URL, h, now), Set.of()).isEmpty();
  }

  @Test
  void pagesComeOutNewestFirst_andTheOldestBeyondCapacityIsDropped() {
    PageHistory h = new PageHistory(3);
    assertTrue(h.isEmpty());
    assertNull(h.newest());
    for (int i = 1; i <= 5; i++) {
      h.add("https://a/" + i, i);
    }
    assertEquals(3, h.size());
    assertEquals(new VisitorFacts.Page("https://a/5", 5), h.newest());
    assertEquals(List.of("https://a/5", "https://a/4", "https://a/3"),
        h.pages().stream().map(VisitorFacts.Page::url).toList());
    assertThrows(IllegalArgumentException.class, () -> new PageHistory(0));
  }

  @Test
  void theWindowStartsExactlyNDaysBeforeNow() {
    PageHistory h = new PageHistory(10);
    h.add("https://a/plans/old", NOW - 7 * DAY - 1);
    h.add("https://a/plans/edge", NOW - 7 * DAY);
    ProactiveRule once = seen("s", "*/plans/*", 7, 1);
    ProactiveRule twice = seen("s", "*/plans/*", 7, 2);
    assertTrue(holds(once, h, NOW), "a page exactly 7 days old is in a 7-day window");
    assertTrue(!holds(twice, h, NOW), "one a millisecond older is not");
    assertTrue(!holds(once, h, NOW + 1), "a millisecond later, the edge page is out too");
    assertTrue(holds(seen("s", "*/plans/*", 8, 2), h, NOW), "an 8-day window has both");
  }

  @Test
  void countsFollowEachNewPage() {
    PageHistory h = new PageHistory(10);
    RuleBook book = RuleBook.of(List.of(seen("three-plans", "*/plans/*", 3, 3), seen("a-bill", "*/bills/*", 30, 1)));
    h.add("https://a/plans/1", NOW - 5 * DAY);
    h.add("https://a/plans/2", NOW - 2 * DAY);
    h.add("https://a/bills/1", NOW - 2 * DAY);
    assertEquals(List.of("a-bill"), ids(book.matching(facts(URL, h, NOW), Set.of())));
    h.add("https://a/plans/3", NOW - DAY);
    assertEquals(List.of("a-bill"), ids(book.matching(facts(URL, h, NOW), Set.of())), "plans/1 is 5 days old");
    h.add("https://a/PLANS/4", NOW);
    assertEquals(List.of("a-bill", "three-plans"), ids(book.matching(facts(URL, h, NOW), Set.of())));
    assertEquals(List.of("a-bill"), ids(book.matching(facts(URL, h, NOW + DAY + 1), Set.of())),
        "a day and a millisecond later plans/2 has left the 3-day window");
  }

  @Test
  void aPageDroppedFromTheHistoryNoLongerCounts() {
    PageHistory h = new PageHistory(3);
    ProactiveRule rule = seen("s", "*/plans/*", 30, 2);
    h.add("https://a/plans/1", NOW - 3);
    h.add("https://a/plans/2", NOW - 2);
    assertTrue(holds(rule, h, NOW));
    h.add("https://a/bills/1", NOW - 1);
    RuleBook book = RuleBook.of(List.of(rule));
    assertEquals(List.of("s"), ids(book.matching(facts(URL, h, NOW), Set.of())));
    h.add("https://a/bills/2", NOW);
    assertTrue(book.matching(facts(URL, h, NOW), Set.of()).isEmpty(), "plans/1 was dropped");
  }

  @Test
  void moreThanTheHistoryHolds_neverHolds() {
    PageHistory h = new PageHistory(3);
    for (int i = 0; i < 5; i++) {
      h.add("https://a/plans/" + i, NOW);
    }
    assertTrue(holds(seen("s", "*/plans/*", 1, 3), h, NOW));
    assertTrue(!holds(seen("s", "*/plans/*", 1, 4), h, NOW));
  }

  @Test
  void urlsWithLineBreaks_areKeptAndMatchedAsGlobsSay() {
    PageHistory h = new PageHistory(10);
    h.add("https://a/plans/1\n", NOW);
    h.add("https://a/plans/\n2", NOW);
    h.add("https://a/plans/3", NOW);
    assertEquals("https://a/plans/\n2", h.pages().get(1).url());
    assertTrue(holds(seen("s", "*/plans/*", 1, 1), h, NOW));
    assertTrue(!holds(seen("s", "*/plans/*", 1, 2), h, NOW), "a star covers no line break");
    assertTrue(holds(seen("s", "*/plans/*\n*", 1, 1), h, NOW));
    assertTrue(holds(seen("s", "*/plans/*\n*", 1, 2), h, NOW));
  }

  @Test
  void aClockThatSteppedBack_endsTheWindowAtTheFirstOlderPage() {
    PageHistory h = new PageHistory(10);
    h.add("https://a/plans/1", NOW);
    h.add("https://a/bills/1", NOW - 10 * DAY);
    h.add("https://a/plans/3", NOW);
    // Newest first: plans/3 (now), bills/1 (10 days ago: ends a 7-day window), plans/1 (now).
    assertTrue(holds(seen("s", "*/plans/*", 7, 1), h, NOW));
    assertTrue(!holds(seen("s", "*/plans/*", 7, 2), h, NOW), "plans/1 lies beyond the first older page");
    assertTrue(holds(seen("s", "*/plans/*", 11, 2), h, NOW));
  }
}
