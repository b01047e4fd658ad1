package dev.frontline.bench.jmh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.trail.PageHistory;
import dev.frontline.server.trail.ProactiveRule;
import dev.frontline.server.trail.RuleBook;
import dev.frontline.server.trail.VisitorFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one visitor event costs the proactive rules: {@link RuleBook#matching} for a visitor with a
 * 200-page history of 30 days ({@link PageHistory}), against {@code rules} rules.
 *
 * <ul>
 *   <li>{@code mixed}: a realistic book. Each rule has a URL glob of one site section (plans, phones,
 *       broadband, bills, support, promotions...; the current page is in one of them), and some of
 *       time on page, visits, returning, past chats, host attributes, and "pages seen" (a glob, 3 to
 *       30 days, 2 to 5 times). 2 of the 20 rules and 15 of the 200 pass the URL test (a third of those
 *       have a "pages seen" condition); 2 and 10 hold in the end.
 *   <li>{@code worst}: every rule's URL glob matches the current page and every rule has a "pages
 *       seen" condition with a pattern of its own that no page meets (before the rule index, every
 *       rule scanned the whole 200-page history on every event).
 * </ul>
 *
 * <ul>
 *   <li>{@code matching}: an event without a new page (the dwell check, an arrival on the same
 *       page): the call itself, the history's counts already up to date.
 *   <li>{@code pageView}: a page view, as {@code Proactive.pageView} does it: one page added to the
 *       history (the oldest dropped; the pages come round every 200 and keep their 30-day spread),
 *       then the call, which matches the new page against the "pages seen" patterns it reaches.
 *   <li>{@code arrival}: the first evaluation for a visitor (or the first after the rule book
 *       changed): the 200 pages loaded into a new history, then the call, which matches every page
 *       against every "pages seen" pattern it reaches, once.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleBookBenchmark {
  static final String SITE = "https://www.shop.example.cn";
  static final String[] SECTIONS = {"/plans/5g/", "/plans/4g/", "/phones/huawei/", "/phones/xiaomi/", "/broadband/",
      "/account/bill/", "/support/faq/", "/promo/2026-double11/"};

  @Param({"20", "200"})
  public int rules;

  @Param({"mixed", "worst"})
  public String book;

  static final int PAGES = 200;
  static final long SPACING_MS = 30L * 86_400_000L / PAGES;
  static final long NOW = 1_795_513_264_710L;

  private RuleBook ruleBook;
  private VisitorFacts facts;
  private PageHistory history;
  /** The history's URLs, oldest first; page k of the run has url {@code urls[k % 200]}, time {@code k * SPACING_MS}. */
  private final String[] urls = new String[PAGES];
  private long next;
  private final Set<String> firedToday = Set.of("r-0001");

  @Setup(Level.Trial)
  public void setUp() {
    Random rnd = new Random(42);
    for (int i = PAGES - 1; i >= 0; i--) {
      // Drawn newest first as before, spread over 30 days: the sections at random.
      String section = SECTIONS[rnd.nextInt(SECTIONS.length)];
      urls[i] = SITE + section + "item-" + rnd.nextInt(500) + "?utm_source=wechat&from=list";
    }
    history = load();
    next = PAGES;
    facts = facts(history, NOW);
    List<ProactiveRule> list = new ArrayList<>();
    for (int i = 0; i < rules; i++) {
      list.add("worst".equals(book) ? worstRule(i) : mixedRule(i, rnd));
    }
    ruleBook = RuleBook.of(list);
    if (ruleBook.matching(facts, firedToday).size() > rules) {
      throw new IllegalStateException("impossible");
    }
  }

  /** A history holding the 200 pages, the newest at {@link #NOW}. */
  private PageHistory load() {
    PageHistory h = new PageHistory(PAGES);
    for (int i = 0; i < PAGES; i++) {
      h.add(urls[i], time(i));
    }
    return h;
  }

  private static long time(long page) {
    return NOW - (PAGES - 1 - page) * SPACING_MS;
  }

  private static VisitorFacts facts(PageHistory h, long now) {
    return new VisitorFacts(SITE + "/plans/5g/unlimited-199?from=home&utm_campaign=double11", 25, 4, true, h, 1,
        Map.of("star", "5", "age", "30-39", "city", "hangzhou"), now);
  }

  private static ObjectNode action(int i) {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.put("type", "offer_human");
    a.put("text", "需要顾问为您推荐吗？" + i);
    return a;
  }

  static String id(int i) {
    return String.format(java.util.Locale.ROOT, "r-%04d", i);
  }

  private static ProactiveRule mixedRule(int i, Random rnd) {
    String section = SECTIONS[i % SECTIONS.length];
    String url = switch (rnd.nextInt(3)) {
      case 0 -> "*" + section + "*";
      case 1 -> "*" + section + "item-" + rnd.nextInt(500) + "*";
      default -> SITE + section + "*";
    };
    boolean seen = rnd.nextBoolean();
    String seenSection = SECTIONS[rnd.nextInt(SECTIONS.length)];
    Map<String, String> attrs = rnd.nextInt(4) == 0 ? Map.of("star", String.valueOf(3 + rnd.nextInt(3))) : Map.of();
    return new ProactiveRule(id(i), "rule " + i, true, rnd.nextInt(20), url, rnd.nextInt(4) * 10, rnd.nextInt(3),
        rnd.nextInt(3) == 0 ? Boolean.TRUE : null, seen ? "*" + seenSection + "*" : null, seen ? 3 + rnd.nextInt(28) : 0,
        seen ? 2 + rnd.nextInt(4) : 0, null, rnd.nextInt(5) == 0 ? 0 : null, attrs, action(i));
  }

  private static ProactiveRule worstRule(int i) {
    // Matches the current page; the history has no /vip/ page, so the scan never stops early.
    return new ProactiveRule(id(i), "rule " + i, true, 0, "*/plans/5g/*", 0, 0, null, "*/vip/offer-" + i + "*", 30, 1,
        null, null, Map.of(), action(i));
  }

  @Benchmark
  public List<ProactiveRule> matching() {
    return ruleBook.matching(facts, firedToday);
  }

  @Benchmark
  public List<ProactiveRule> pageView() {
    long k = next++;
    long ts = time(k);
    history.add(urls[(int) (k % PAGES)], ts);
    return ruleBook.matching(facts(history, ts), firedToday);
  }

  @Benchmark
  public List<ProactiveRule> arrival() {
    return ruleBook.matching(facts(load(), NOW), firedToday);
  }
}
