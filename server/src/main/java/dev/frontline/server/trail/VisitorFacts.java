package dev.frontline.server.trail;

import java.util.List;
import java.util.Map;

/**
 * What rules look at, gathered by the visitor's owner thread: no I/O during evaluation.
 *
 * @param pagesSeen recent page views, newest first (url, epoch ms)
 */
public record VisitorFacts(String url, long secondsOnPage, int visits, boolean returning, List<Page> pagesSeen,
    int pastChats, Map<String, String> attrs, long now) {

  /** A page view. */
  public record Page(String url, long ts) {}
}
