package dev.frontline.server.trail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A visitor's recent page views, newest first and bounded, with what the "pages seen" conditions
 * of the current {@link RuleBook} need counted as pages come in: for each distinct pattern, the
 * newest pages that match it. A page is matched against a pattern once, when the pattern is first
 * asked about after the page arrived, never again; a condition is then answered in constant
 * time. Confined to the visitor's owner thread, like the rest of the visitor's state.
 *
 * <p>"Seen at least {@code min} times in the last {@code days} days" counts the pages, newest
 * first, up to the first one older than the window (so a clock that stepped back ends the window
 * early, as a scan of the list would). Each page keeps that cut as its <em>window time</em>: the
 * oldest time of it and every newer page.
 */
public final class PageHistory {
  private static final String[] NO_URLS = {};
  /** An Object[] of its own: copies keep the array's type, and a String[] would refuse a {@link Multiline}. */
  private static final Object[] NO_LOWER = {};
  private static final long[] NO_TIMES = {};

  private final int capacity;
  private String[] urls = NO_URLS;
  /** Each URL {@link Glob#lower lower-cased}: a String, or a {@link Multiline} for the rare one with a line terminator. */
  private Object[] lower = NO_LOWER;
  private long[] times = NO_TIMES;
  private long[] window = times;
  private int size;
  /** Pages ever added; page number {@code n} (0-based) sits at {@code n % urls.length}. */
  private long added;
  /** The newest matching pages per "pages seen" pattern of the rule book last asked about, or null. */
  private SeenCounts seen;

  public PageHistory(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Adds the newest page view. Pages must come oldest first; the oldest beyond capacity is dropped. */
  public void add(String url, long ts) {
    if (size == urls.length && size < capacity) {
      grow();
    }
    // Only a clock that stepped back moves the window times of older pages (those kept).
    long oldestKept = added - size + (size == capacity ? 1 : 0);
    for (long n = added - 1; n >= oldestKept && window[slot(n)] > ts; n--) {
      window[slot(n)] = ts;
    }
    int slot = slot(added);
    urls[slot] = url;
    String l = Glob.lower(url);
    lower[slot] = Glob.hasLineTerminator(l) ? new Multiline(l) : l;
    times[slot] = ts;
    window[slot] = ts;
    added++;
    size = Math.min(size + 1, capacity);
  }

  private void grow() {
    int n = Math.min(capacity, Math.max(1, urls.length * 2));
    urls = Arrays.copyOf(urls, n);
    lower = Arrays.copyOf(lower, n);
    times = Arrays.copyOf(times, n);
    window = Arrays.copyOf(window, n);
  }

  private int slot(long page) {
    return (int) (page % urls.length);
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The newest page, or null. */
  public VisitorFacts.Page newest() {
    return size == 0 ? null : page(added - 1);
  }

  private VisitorFacts.Page page(long n) {
    return new VisitorFacts.Page(urls[slot(n)], times[slot(n)]);
  }

  /** The pages, newest first (a copy). */
  public List<VisitorFacts.Page> pages() {
    List<VisitorFacts.Page> out = new ArrayList<>(size);
    for (long n = added - 1; n >= added - size; n--) {
      out.add(page(n));
    }
    return out;
  }

  /**
   * Whether at least {@code min} pages matching {@code patterns[p]} were seen at or after
   * {@code since}. {@code patterns} is a rule book's array of distinct "pages seen" patterns and
   * {@code maxMins} the largest {@code min} asked of each; another array than last time starts
   * the counts over.
   */
  boolean seenAtLeast(Glob[] patterns, int[] maxMins, int p, int min, long since) {
    if (min <= 0) {
      return true;
    }
    if (min > capacity) {
      return false;
    }
    if (seen == null || seen.patterns != patterns) {
      seen = new SeenCounts(patterns, maxMins, capacity);
    }
    long page = seen.nth(this, p, min);
    return page >= added - size && window[slot(page)] >= since;
  }

  /** The oldest page still kept (its number). */
  long oldest() {
    return added - size;
  }

  /** One past the newest page (its number + 1). */
  long end() {
    return added;
  }

  /** Whether page {@code n} (kept) matches {@code g}. */
  boolean matches(long n, Glob g) {
    Object l = lower[slot(n)];
    return l instanceof String plain ? g.matches(plain, false) : g.matches(((Multiline) l).lower(), true);
  }

  /** A lower-cased URL with a line terminator. */
  private record Multiline(String lower) {}
}
