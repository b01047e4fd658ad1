package dev.frontline.server.trail;

import java.util.Map;

/**
 * What rules look at, gathered by the visitor's owner thread: no I/O during evaluation.
 *
 * @param url the current page, or null
 * @param pages the recent page views (the visitor's own history, not a copy: owned by the same
 *     thread), or null for none
 * @param attrs the attributes the page passed (unverified)
 * @param verifiedAttrs the attributes the host site's server set for the customer (verified)
 */
public record VisitorFacts(String url, long secondsOnPage, int visits, boolean returning, PageHistory pages,
    int pastChats, Map<String, String> attrs, Map<String, String> verifiedAttrs, long now) {

  /** Facts of a visitor with no verified attributes. */
  public VisitorFacts(String url, long secondsOnPage, int visits, boolean returning, PageHistory pages, int pastChats,
      Map<String, String> attrs, long now) {
    this(url, secondsOnPage, visits, returning, pages, pastChats, attrs, Map.of(), now);
  }

  /** A page view. */
  public record Page(String url, long ts) {}
}
