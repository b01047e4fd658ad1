package dev.frontline.server.trail;

import java.util.Arrays;

/**
 * For one {@link PageHistory} and one rule book's distinct "pages seen" patterns: per pattern, the
 * numbers of the newest pages that match it (as many as the largest {@code min} any rule asks of
 * it), in one flat ring per pattern. A pattern's pages are matched lazily, when it is asked about,
 * and each page once. Confined to the history's thread.
 */
final class SeenCounts {
  final Glob[] patterns;
  /** Pattern p's ring is {@code hits[start[p] .. start[p + 1])}. */
  private final int[] start;
  private final long[] hits;
  /** Per pattern: pages before this number were matched; -1: not asked about yet. */
  private final long[] next;
  private final int[] count;
  private final int[] head;

  SeenCounts(Glob[] patterns, int[] maxMins, int capacity) {
    this.patterns = patterns;
    start = new int[patterns.length + 1];
    for (int p = 0; p < patterns.length; p++) {
      start[p + 1] = start[p] + Math.max(1, Math.min(maxMins[p], capacity));
    }
    hits = new long[start[patterns.length]];
    next = new long[patterns.length];
    Arrays.fill(next, -1);
    count = new int[patterns.length];
    head = new int[patterns.length];
  }

  /** The number of the {@code k}-th newest page (1-based) matching pattern {@code p}, or -1. */
  long nth(PageHistory h, int p, int k) {
    int keep = start[p + 1] - start[p];
    for (long n = Math.max(next[p], h.oldest()); n < h.end(); n++) {
      if (h.matches(n, patterns[p])) {
        head[p] = (head[p] + 1) % keep;
        hits[start[p] + head[p]] = n;
        count[p] = Math.min(count[p] + 1, keep);
      }
    }
    next[p] = h.end();
    return k > count[p] ? -1 : hits[start[p] + (head[p] - (k - 1) + keep) % keep];
  }
}
