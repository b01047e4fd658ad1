package dev.frontline.server.trail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The enabled rules of a {@link RuleBook}, compiled once per change of the book and immutable,
 * so that an event costs microseconds however many rules there are (docs/performance.md).
 *
 * <ul>
 *   <li>Each distinct URL glob is compiled once ({@link Glob}, no regex) and, per event, matched
 *       at most once against the current URL, lower-cased once: rules sharing a pattern share the
 *       answer.
 *   <li>Each rule is checked cheapest first: the numbers (time on page, visits, returning, past
 *       chats), then attributes, then "fired today", then the URL, and "pages seen" last.
 *   <li>"Pages seen" is answered by the visitor's {@link PageHistory} in constant time: it keeps,
 *       per distinct pattern, the newest matching pages, each page matched once.
 * </ul>
 */
final class RuleIndex {
  static final RuleIndex EMPTY = new RuleIndex(List.of());

  private static final byte UNKNOWN = 0;
  private static final byte MATCH = 1;
  private static final byte NO_MATCH = 2;

  /** A rule with the numbers of its patterns in {@link #urls} and {@link #seen} (-1: none). */
  private static final class Compiled {
    final ProactiveRule rule;
    final int url;
    final int seen;
    final long seenWindowMs;
    final String[] attrKeys;
    final String[] attrValues;
    final String[] verifiedKeys;
    final String[] verifiedValues;

    Compiled(ProactiveRule rule, int url, int seen) {
      this.rule = rule;
      this.url = url;
      this.seen = seen;
      this.seenWindowMs = rule.seenDays() * 86_400_000L;
      this.attrKeys = rule.attrs().keySet().toArray(String[]::new);
      this.attrValues = rule.attrs().values().toArray(String[]::new);
      this.verifiedKeys = rule.verifiedAttrs().keySet().toArray(String[]::new);
      this.verifiedValues = rule.verifiedAttrs().values().toArray(String[]::new);
    }
  }

  private final Compiled[] rules;
  private final Glob[] urls;
  private final Glob[] seen;
  /** Per "pages seen" pattern, the largest {@code min} any rule asks of it. */
  private final int[] seenMaxMin;
  private final List<Integer> dwellThresholds;

  RuleIndex(List<ProactiveRule> list) {
    Map<String, Integer> urlIds = new LinkedHashMap<>();
    Map<String, Integer> seenIds = new LinkedHashMap<>();
    List<Compiled> out = new ArrayList<>();
    List<Integer> maxMin = new ArrayList<>();
    List<ProactiveRule> sorted = list.stream().filter(ProactiveRule::enabled)
        .sorted(Comparator.comparingInt(ProactiveRule::priority).reversed().thenComparing(ProactiveRule::id)).toList();
    for (ProactiveRule r : sorted) {
      int url = id(urlIds, r.urlPattern());
      int s = id(seenIds, r.seenPattern());
      if (s >= 0) {
        if (s == maxMin.size()) {
          maxMin.add(0);
        }
        maxMin.set(s, Math.max(maxMin.get(s), r.seenMin()));
      }
      out.add(new Compiled(r, url, s));
    }
    this.rules = out.toArray(Compiled[]::new);
    this.urls = urlIds.keySet().stream().map(Glob::of).toArray(Glob[]::new);
    this.seen = seenIds.keySet().stream().map(Glob::of).toArray(Glob[]::new);
    this.seenMaxMin = maxMin.stream().mapToInt(Integer::intValue).toArray();
    this.dwellThresholds = sorted.stream().map(ProactiveRule::minSecondsOnPage).filter(x -> x > 0).distinct().sorted()
        .toList();
  }

  /** The number of a pattern among the distinct ones, or -1 for none (null or blank matches everything). */
  private static int id(Map<String, Integer> ids, String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return -1;
    }
    return ids.computeIfAbsent(pattern, p -> ids.size());
  }

  List<Integer> dwellThresholds() {
    return dwellThresholds;
  }

  /** The rules that hold and are not in {@code firedToday}, best first, at most {@code limit}. */
  List<ProactiveRule> matching(VisitorFacts f, Set<String> firedToday, int limit) {
    Event e = new Event(f);
    List<ProactiveRule> out = null;
    for (Compiled c : rules) {
      if (holds(c, e, firedToday)) {
        if (out == null) {
          out = new ArrayList<>(Math.min(limit, 4));
        }
        out.add(c.rule);
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out == null ? List.of() : out;
  }

  private static boolean allEqual(String[] keys, String[] values, Map<String, String> attrs) {
    for (int i = 0; i < keys.length; i++) {
      if (!values[i].equals(attrs.get(keys[i]))) {
        return false;
      }
    }
    return true;
  }

  private boolean holds(Compiled c, Event e, Set<String> firedToday) {
    ProactiveRule r = c.rule;
    VisitorFacts f = e.facts;
    if (f.secondsOnPage() < r.minSecondsOnPage() || f.visits() < r.minVisits()
        || (r.returning() != null && r.returning() != f.returning())
        || (r.minPastChats() != null && f.pastChats() < r.minPastChats())
        || (r.maxPastChats() != null && f.pastChats() > r.maxPastChats())) {
      return false;
    }
    if (!allEqual(c.attrKeys, c.attrValues, f.attrs()) || !allEqual(c.verifiedKeys, c.verifiedValues, f.verifiedAttrs())) {
      return false;
    }
    if (!firedToday.isEmpty() && firedToday.contains(r.id())) {
      return false;
    }
    if (c.url >= 0 && !e.urlMatches(c.url)) {
      return false;
    }
    return c.seen < 0 || (f.pages() != null
        && f.pages().seenAtLeast(seen, seenMaxMin, c.seen, r.seenMin(), f.now() - c.seenWindowMs));
  }

  /** One evaluation: the current URL lower-cased once, and each URL glob's answer once. */
  private final class Event {
    final VisitorFacts facts;
    private String lowerUrl;
    private boolean lines;
    private byte[] answers;

    Event(VisitorFacts facts) {
      this.facts = facts;
    }

    boolean urlMatches(int glob) {
      if (facts.url() == null) {
        return false;
      }
      if (answers == null) {
        answers = new byte[urls.length];
        lowerUrl = Glob.lower(facts.url());
        lines = Glob.hasLineTerminator(lowerUrl);
      }
      byte a = answers[glob];
      if (a == UNKNOWN) {
        a = urls[glob].matches(lowerUrl, lines) ? MATCH : NO_MATCH;
        answers[glob] = a;
      }
      return a == MATCH;
    }
  }
}
