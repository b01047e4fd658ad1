package dev.frontline.server.trail;

import java.util.Map;

/**
 * What rules look at, gathered by the visitor's owner thread: no I/O during evaluation.
 *
 * @param url the current page, or null
 * @param pages the recent page views (the visitor's own history, not a copy: owned by the same
 *     thread), or null for none
 */
public record VisitorFacts(String url, long secondsOnPage, int visits, boolean returning, PageHistory pages,
    int pastChats, Map<String, String> attrs, long now) {

  /** A page view. */
  public record Page(String url, long ts) {}
}
