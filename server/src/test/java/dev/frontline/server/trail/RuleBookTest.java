package dev.frontline.server.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RuleBookTest {
  static final long DAY = 86_400_000L;
  static final long NOW = 1_795_513_264_710L;
  static final String URL = "https://shop.example/plans/5g/unlimited?from=home";

  static ObjectNode action() {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.put("type", "greeting");
    a.put("text", "hi");
    return a;
  }

  /** A rule with only a URL pattern and a priority. */
  static ProactiveRule url(String id, int priority, String pattern) {
    return new ProactiveRule(id, id, true, priority, pattern, 0, 0, null, null, 0, 0, null, null, Map.of(), action());
  }

  /** A rule with only a "pages seen" condition. */
  static ProactiveRule seen(String id, String pattern, int days, int min) {
    return new ProactiveRule(id, id, true, 0, null, 0, 0, null, pattern, days, min, null, null, Map.of(), action());
  }

  static VisitorFacts facts(String url, PageHistory pages, long now) {
    return new VisitorFacts(url, 25, 4, true, pages, 1, Map.of("star", "5"), now);
  }

  static List<String> ids(List<ProactiveRule> rules) {
    return rules.stream().map(ProactiveRule::id).toList();
  }

  @Test
  void everyCondition_mustHold() {
    List<ProactiveRule> rules = List.of(
        new ProactiveRule("time-ok", "", true, 0, null, 25, 0, null, null, 0, 0, null, null, Map.of(), action()),
        new ProactiveRule("time-no", "", true, 0, null, 26, 0, null, null, 0, 0, null, null, Map.of(), action()),
        new ProactiveRule("visits-ok", "", true, 0, null, 0, 4, null, null, 0, 0, null, null, Map.of(), action()),
        new ProactiveRule("visits-no", "", true, 0, null, 0, 5, null, null, 0, 0, null, null, Map.of(), action()),
        new ProactiveRule("returning-ok", "", true, 0, null, 0, 0, true, null, 0, 0, null, null, Map.of(), action()),
        new ProactiveRule("returning-no", "", true, 0, null, 0, 0, false, null, 0, 0, null, null, Map.of(), action()),
        new ProactiveRule("chats-ok", "", true, 0, null, 0, 0, null, null, 0, 0, 1, 1, Map.of(), action()),
        new ProactiveRule("chats-min-no", "", true, 0, null, 0, 0, null, null, 0, 0, 2, null, Map.of(), action()),
        new ProactiveRule("chats-max-no", "", true, 0, null, 0, 0, null, null, 0, 0, null, 0, Map.of(), action()),
        new ProactiveRule("attrs-ok", "", true, 0, null, 0, 0, null, null, 0, 0, null, null, Map.of("star", "5"),
            action()),
        new ProactiveRule("attrs-no", "", true, 0, null, 0, 0, null, null, 0, 0, null, null, Map.of("star", "4"),
            action()),
        new ProactiveRule("attrs-missing", "", true, 0, null, 0, 0, null, null, 0, 0, null, null, Map.of("city", "x"),
            action()),
        new ProactiveRule("off", "", false, 0, null, 0, 0, null, null, 0, 0, null, null, Map.of(), action()),
        url("url-ok", 0, "*/PLANS/5g/*"),
        url("url-no", 0, "*/broadband/*"));
    List<String> hits = ids(RuleBook.of(rules).matching(facts(URL, new PageHistory(10), NOW), Set.of()));
    assertEquals(List.of("attrs-ok", "chats-ok", "returning-ok", "time-ok", "url-ok", "visits-ok"), hits);
  }

  @Test
  void bestFirst_andRulesFiredTodayLeftOut() {
    RuleBook book = RuleBook.of(List.of(url("b", 5, "*"), url("a", 5, "*"), url("c", 9, "*/plans/*"),
        url("d", -1, null)));
    VisitorFacts f = facts(URL, null, NOW);
    assertEquals(List.of("c", "a", "b", "d"), ids(book.matching(f, Set.of())));
    assertEquals(List.of("c", "b", "d"), ids(book.matching(f, Set.of("a"))));
    assertEquals("c", book.first(f, Set.of()).id());
    assertEquals("b", book.first(f, Set.of("c", "a")).id());
    assertNull(book.first(f, Set.of("a", "b", "c", "d")), "each rule at most once a day");
  }

  @Test
  void noCurrentUrl_failsEveryUrlCondition() {
    RuleBook book = RuleBook.of(List.of(url("any", 0, "*"), url("none", 0, null)));
    assertEquals(List.of("none"), ids(book.matching(facts(null, null, NOW), Set.of())));
  }

  @Test
  void dwellThresholds_areTheDistinctTimesOfEnabledRules() {
    RuleBook book = RuleBook.of(List.of(
        new ProactiveRule("a", "", true, 0, null, 30, 0, null, null, 0, 0, null, null, Map.of(), action()),
        new ProactiveRule("b", "", true, 0, null, 10, 0, null, null, 0, 0, null, null, Map.of(), action()),
        new ProactiveRule("c", "", true, 0, null, 30, 0, null, null, 0, 0, null, null, Map.of(), action()),
        new ProactiveRule("d", "", false, 0, null, 20, 0, null, null, 0, 0, null, null, Map.of(), action())));
    assertEquals(List.of(10, 30), book.dwellThresholds());
  }

  @Test
  void randomBooksAndHistories_matchAsTheRegexScanDid() {
    Random rnd = new Random(7);
    String[] sections = {"/plans/", "/Plans/5g/", "/phones/", "/bills/", "/promo/"};
    for (int round = 0; round < 300; round++) {
      List<ProactiveRule> rules = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String s = sections[rnd.nextInt(sections.length)];
        String urlGlob = rnd.nextInt(4) == 0 ? null : "*" + s + "*";
        String seenGlob = rnd.nextBoolean() ? "*" + sections[rnd.nextInt(sections.length)] + (rnd.nextBoolean() ? "*" : "x*")
            : null;
        rules.add(new ProactiveRule("r" + i, "", rnd.nextInt(8) > 0, rnd.nextInt(3), urlGlob, rnd.nextInt(3) * 20,
            rnd.nextInt(3) * 2, rnd.nextInt(3) == 0 ? rnd.nextBoolean() : null, seenGlob, 1 + rnd.nextInt(10),
            1 + rnd.nextInt(4), null, rnd.nextInt(4) == 0 ? 0 : null, Map.of(), action()));
      }
      RuleBook book = RuleBook.of(rules);
      PageHistory history = new PageHistory(8);
      List<VisitorFacts.Page> newestFirst = new ArrayList<>();
      long t = NOW - 20 * DAY;
      for (int event = 0; event < 30; event++) {
        // Mostly forward in time, by up to two days; now and then the clock steps back.
        t += rnd.nextInt(10) == 0 ? -rnd.nextInt(3) * DAY : rnd.nextInt(2 * 24) * DAY / 24;
        String page = "https://shop.example" + sections[rnd.nextInt(sections.length)] + "p" + rnd.nextInt(3)
            + (rnd.nextInt(10) == 0 ? "\n" : "");
        history.add(page, t);
        newestFirst.add(0, new VisitorFacts.Page(page, t));
        if (newestFirst.size() > 8) {
          newestFirst.remove(8);
        }
        VisitorFacts f = new VisitorFacts(page, rnd.nextInt(50), rnd.nextInt(6), rnd.nextBoolean(), history,
            rnd.nextInt(2), Map.of(), t + rnd.nextInt(3) * DAY);
        Set<String> fired = rnd.nextInt(3) == 0 ? Set.of("r" + rnd.nextInt(12)) : Set.of();
        assertEquals(Reference.matching(rules, f, newestFirst, fired), ids(book.matching(f, fired)),
            "round " + round + " event " + event);
      }
    }
  }

  /** The evaluation before the rule index, regexes and a scan of the history per rule: the semantics to keep. */
  static final class Reference {
    static List<String> matching(List<ProactiveRule> rules, VisitorFacts f, List<VisitorFacts.Page> pages,
        Set<String> fired) {
      return rules.stream().filter(ProactiveRule::enabled)
          .sorted(Comparator.comparingInt(ProactiveRule::priority).reversed().thenComparing(ProactiveRule::id))
          .filter(r -> !fired.contains(r.id()) && holds(r, f, pages)).map(ProactiveRule::id).toList();
    }

    static Pattern glob(String g) {
      if (g == null || g.isBlank()) {
        return null;
      }
      StringBuilder re = new StringBuilder();
      for (String part : g.split("\\*", -1)) {
        if (!re.isEmpty()) {
          re.append(".*");
        }
        re.append(Pattern.quote(part));
      }
      return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }

    static boolean holds(ProactiveRule r, VisitorFacts f, List<VisitorFacts.Page> pages) {
      Pattern url = glob(r.urlPattern());
      if (url != null && (f.url() == null || !url.matcher(f.url()).matches())) {
        return false;
      }
      if (f.secondsOnPage() < r.minSecondsOnPage() || f.visits() < r.minVisits()
          || (r.returning() != null && r.returning() != f.returning())
          || (r.minPastChats() != null && f.pastChats() < r.minPastChats())
          || (r.maxPastChats() != null && f.pastChats() > r.maxPastChats())) {
        return false;
      }
      Pattern seen = glob(r.seenPattern());
      if (seen == null) {
        return true;
      }
      long since = f.now() - r.seenDays() * DAY;
      int n = 0;
      for (VisitorFacts.Page p : pages) {
        if (p.ts() < since) {
          break;
        }
        if (seen.matcher(p.url()).matches() && ++n >= r.seenMin()) {
          break;
        }
      }
      return n >= r.seenMin();
    }
  }

  @Test
  void aChangedBook_countsTheSameHistoryAfresh() {
    PageHistory h = new PageHistory(10);
    h.add("https://a/plans/1", NOW - 2 * DAY);
    h.add("https://a/bills/1", NOW - DAY);
    h.add("https://a/plans/2", NOW);
    RuleBook plans = RuleBook.of(List.of(seen("s", "*/plans/*", 7, 2)));
    RuleBook bills = RuleBook.of(List.of(seen("s", "*/bills/*", 7, 2)));
    assertEquals(List.of("s"), ids(plans.matching(facts(URL, h, NOW), Set.of())));
    assertTrue(bills.matching(facts(URL, h, NOW), Set.of()).isEmpty());
    h.add("https://a/BILLS/2", NOW);
    assertEquals(List.of("s"), ids(bills.matching(facts(URL, h, NOW), Set.of())));
    assertEquals(List.of("s"), ids(plans.matching(facts(URL, h, NOW), Set.of())), "back to the first book");
  }
}
