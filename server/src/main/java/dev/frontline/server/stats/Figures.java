package dev.frontline.server.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The raw sums behind one row of figures (the whole period, an agent, a group or a bucket), as
 * read from the three queries of {@link KpiQuery}; {@link #view()} turns them into CONTRACT
 * section 7's fields. Definitions: docs/kpis.md.
 */
final class Figures {
  long conversations;
  long offered;
  long byRequest;
  long byMenu;
  long byBot;
  long answered;
  long abandoned;
  long botResolved;
  long firstResponseSum;
  long firstResponseWithin;
  long handled;
  long handleSum;
  long fcrBase;
  long fcrResolved;
  final long[] ratings = new long[5];
  long complaintConversations;
  long onlineMs;
  long busyMs;
  final Map<String, Long> ticketsByType = new TreeMap<>();

  Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("conversations", conversations);
    m.put("offered", offered);
    m.put("handoffs", offered);
    Map<String, Object> reasons = new LinkedHashMap<>();
    reasons.put("request", byRequest);
    reasons.put("menu", byMenu);
    reasons.put("bot", byBot);
    m.put("handoffsByReason", reasons);
    m.put("answered", answered);
    m.put("abandoned", abandoned);
    m.put("answerRate", offered == 0 ? 0.0 : (double) answered / offered);
    m.put("botResolved", botResolved);
    m.put("avgFirstResponseMs", answered == 0 ? null : Math.round((double) firstResponseSum / answered));
    m.put("firstResponseWithinTarget", answered == 0 ? null : (double) firstResponseWithin / answered);
    m.put("avgHandleMs", handled == 0 ? null : Math.round((double) handleSum / handled));
    m.put("fcr", fcrBase == 0 ? null : (double) fcrResolved / fcrBase);
    m.put("utilisation", onlineMs == 0 ? null : (double) busyMs / onlineMs);
    m.put("onlineMs", onlineMs);
    m.put("busyMs", busyMs);
    m.put("csat", csat());
    long total = 0;
    for (long n : ticketsByType.values()) {
      total += n;
    }
    Map<String, Object> tickets = new LinkedHashMap<>();
    tickets.put("total", total);
    tickets.put("byType", new LinkedHashMap<>(ticketsByType));
    m.put("tickets", tickets);
    m.put("complaints", ticketsByType.getOrDefault("complaint", 0L) + ticketsByType.getOrDefault("投诉", 0L)
        + complaintConversations);
    return m;
  }

  private Map<String, Object> csat() {
    long count = 0;
    long sum = 0;
    Map<String, Object> distribution = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      count += ratings[i];
      sum += ratings[i] * (i + 1);
      distribution.put(String.valueOf(i + 1), ratings[i]);
    }
    Map<String, Object> csat = new LinkedHashMap<>();
    csat.put("count", count);
    csat.put("average", count == 0 ? null : (double) sum / count);
    csat.put("distribution", distribution);
    return csat;
  }
}
