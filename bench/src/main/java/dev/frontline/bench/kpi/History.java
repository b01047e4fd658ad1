package dev.frontline.bench.kpi;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic but plausible history of a customer-service desk, decided in memory before anything
 * is written: when each conversation began, which visitor it was (a third are returning visitors,
 * most within days), what became of it (left with the bot, asked for a person and was answered,
 * transferred, taken over, abandoned in the queue), its rating and its work order. The facts the
 * server keeps as events arrive ({@code first_visitor_at}, {@code first_assigned_at},
 * {@code followup_at}, {@code ticket_at}) are worked out here the way the server writes them, so
 * that {@link Rows} only spells them out. Deterministic for a seed.
 */
final class History {
  static final String[] GROUPS = {"consult", "query", "transact", "shopping", "after_sales", "download",
      "complaint", "other"};
  /** How often each group is asked for (the same order as {@link #GROUPS}). */
  private static final double[] GROUP_WEIGHTS = {0.26, 0.18, 0.14, 0.12, 0.14, 0.04, 0.06, 0.06};
  /** Share of conversations per local hour of the day (a service's usual double hump). */
  private static final double[] HOUR_WEIGHTS = {0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3.5, 5.5, 6.5, 6.5, 5.0, 5.0,
      6.0, 6.2, 6.0, 5.0, 4.0, 4.5, 5.0, 4.5, 3.0, 1.5};

  /** What became of a conversation. */
  enum Kind {
    /** Opened the widget, never wrote: closed by the bot's idle timeout. */
    SILENT,
    /** Wrote to the bot and never asked for a person. */
    BOT,
    /** Asked for a person and left the queue before any agent message. */
    ABANDONED,
    /** Asked for a person and was answered. */
    ANSWERED
  }

  /** One conversation, final state; times are epoch ms, 0 for none. */
  static final class Conv {
    String id = "";
    int visitor;
    long createdAt;
    Kind kind = Kind.SILENT;
    String group = "";
    String menuId = "";
    String handoffReason = "";
    long handoffAt;
    long assignedAt;
    long firstAssignedAt;
    long firstResponseAt;
    long closedAt;
    String closedBy = "";
    String closedFrom = "";
    long firstVisitorAt;
    long followupAt;
    long ticketAt;
    String ticketKind = "";
    /** Index into the agents of the final holder, -1 for none. */
    int agent = -1;
    /** The agent before a transfer, -1 for none. */
    int transferredFrom = -1;
    /** Taken over by supervisor number {@code supervisor} (the final holder), -1 for none. */
    int supervisor = -1;
    int visitorMessages;
    int agentMessages;
    int rating;
    long ratedAt;
  }

  final Conv[] convs;
  /** Per visitor: the creation time of its last conversation, and how many it had. */
  final long[] visitorLast;
  final int[] visitorVisits;
  /** Per group: the agent indices of its members (an agent may be in two groups). */
  final List<List<Integer>> members;
  final int agents;
  final int supervisors;
  final ZoneId zone;
  final long start;
  final long end;

  History(int n, long start, long end, ZoneId zone, int agents, int supervisors, long seed) {
    this.zone = zone;
    this.start = start;
    this.end = end;
    this.agents = agents;
    this.supervisors = supervisors;
    SplittableRandom r = new SplittableRandom(seed);
    members = groupMembers(agents);
    long[] created = createdTimes(n, r);
    convs = new Conv[n];
    int[] visitorOf = new int[n];
    int visitors = assignVisitors(visitorOf, r);
    visitorLast = new long[visitors];
    visitorVisits = new int[visitors];
    Map<Integer, List<Conv>> pendingFollowUp = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Conv c = decide(created[i], r);
      c.id = RandomIds.of("c", r);
      c.visitor = visitorOf[i];
      visitorVisits[c.visitor]++;
      visitorLast[c.visitor] = c.createdAt;
      convs[i] = c;
      followUps(c, pendingFollowUp);
    }
  }

  /**
   * Each group gets an equal share of agents; one agent in five also serves a second group. The
   * same for every seed, so that the accounts can be written before the history is decided.
   */
  static List<List<Integer>> groupMembers(int agents) {
    SplittableRandom r = new SplittableRandom(agents);
    List<List<Integer>> m = new ArrayList<>();
    for (int g = 0; g < GROUPS.length; g++) {
      m.add(new ArrayList<>());
    }
    for (int a = 0; a < agents; a++) {
      int g = a % GROUPS.length;
      m.get(g).add(a);
      if (r.nextInt(5) == 0) {
        m.get((g + 1 + r.nextInt(GROUPS.length - 1)) % GROUPS.length).add(a);
      }
    }
    return m;
  }

  /** Creation times, sorted: days weighted by weekday and a slow growth, hours by {@link #HOUR_WEIGHTS}. */
  private long[] createdTimes(int n, SplittableRandom r) {
    ZonedDateTime first = Instant.ofEpochMilli(start).atZone(zone).toLocalDate().atStartOfDay(zone);
    List<Long> dayStarts = new ArrayList<>();
    List<Double> dayWeights = new ArrayList<>();
    for (ZonedDateTime d = first; d.toInstant().toEpochMilli() < end; d = d.plusDays(1)) {
      dayStarts.add(d.toInstant().toEpochMilli());
      int dow = d.getDayOfWeek().getValue();
      double trend = 1.0 + 0.3 * dayStarts.size() / 365.0;
      dayWeights.add((dow >= 6 ? 0.7 : 1.0) * trend);
    }
    double[] dayCum = cumulative(dayWeights.stream().mapToDouble(Double::doubleValue).toArray());
    double[] hourCum = cumulative(HOUR_WEIGHTS);
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long ts;
      do {
        long day = dayStarts.get(pick(dayCum, r));
        ts = day + pick(hourCum, r) * 3_600_000L + r.nextLong(3_600_000L);
      } while (ts < start || ts >= end);
      t[i] = ts;
    }
    Arrays.sort(t);
    return t;
  }

  /**
   * Visitor of each conversation, in time order: 35% come back, mostly one of the last few thousand
   * visitors (hours or days ago), so that first-contact resolution has follow-ups to find.
   */
  private static int assignVisitors(int[] visitorOf, SplittableRandom r) {
    int next = 0;
    for (int i = 0; i < visitorOf.length; i++) {
      if (i > 100 && r.nextDouble() < 0.35) {
        int back = 1 + (int) Math.min(i - 1, Math.round(-Math.log(1 - r.nextDouble()) * 3000));
        visitorOf[i] = visitorOf[i - back];
      } else {
        visitorOf[i] = next++;
      }
    }
    return next;
  }

  /** What becomes of one conversation created at {@code t}. */
  private Conv decide(long t, SplittableRandom r) {
    Conv c = new Conv();
    c.createdAt = t;
    double u = r.nextDouble();
    if (u < 0.08) {
      c.kind = Kind.SILENT;
      c.closedAt = t + 600_000; // botIdleCloseSeconds
      c.closedBy = "timeout";
      c.closedFrom = "bot";
      return c;
    }
    c.firstVisitorAt = t + 3_000 + r.nextLong(20_000);
    c.visitorMessages = 1 + r.nextInt(3);
    if (u < 0.46) {
      c.kind = Kind.BOT;
      c.closedAt = c.firstVisitorAt + c.visitorMessages * 40_000L + 600_000;
      c.closedBy = r.nextInt(4) == 0 ? "visitor" : "timeout";
      c.closedFrom = "bot";
      if (r.nextDouble() < 0.06) {
        ticket(c, c.firstVisitorAt + 60_000 + r.nextLong(120_000), r);
      }
      return c;
    }
    handoff(c, r);
    return c;
  }

  private void handoff(Conv c, SplittableRandom r) {
    double reason = r.nextDouble();
    int g = pick(cumulative(GROUP_WEIGHTS), r);
    c.group = GROUPS[g];
    if (reason < 0.35) {
      c.handoffReason = "menu";
      c.menuId = c.group;
      c.handoffAt = c.firstVisitorAt;
    } else {
      c.handoffReason = reason < 0.70 ? "asked" : reason < 0.90 ? "bot:no_match" : "bot:repeated_miss";
      c.handoffAt = c.firstVisitorAt + r.nextLong(90_000);
    }
    long wait = Math.min(1_800_000L, Math.round(-Math.log(1 - r.nextDouble()) * 25_000));
    if (r.nextDouble() < 0.09) {
      c.kind = Kind.ABANDONED;
      c.closedAt = c.handoffAt + Math.max(wait, 20_000);
      c.closedBy = r.nextInt(3) == 0 ? "timeout" : "visitor";
      c.closedFrom = "queued";
      if (r.nextDouble() < 0.25) {
        ticket(c, c.closedAt - 5_000, r);
      }
      return;
    }
    c.kind = Kind.ANSWERED;
    List<Integer> group = members.get(g);
    c.agent = group.get(r.nextInt(group.size()));
    c.firstAssignedAt = c.handoffAt + wait;
    c.assignedAt = c.firstAssignedAt;
    c.firstResponseAt = c.firstAssignedAt + 2_000 + Math.round(-Math.log(1 - r.nextDouble()) * 12_000);
    c.visitorMessages += 1 + r.nextInt(7);
    c.agentMessages = 1 + r.nextInt(8);
    long handle = 60_000 + Math.round(-Math.log(1 - r.nextDouble()) * 330_000);
    c.closedAt = c.firstAssignedAt + handle;
    double t = r.nextDouble();
    if (t < 0.05) {
      c.transferredFrom = c.agent;
      int other = r.nextInt(GROUPS.length);
      List<Integer> to = members.get(other);
      c.group = GROUPS[other];
      c.agent = to.get(r.nextInt(to.size()));
      c.assignedAt = c.firstAssignedAt + handle / 2;
    } else if (t < 0.06 && supervisors > 0) {
      c.supervisor = r.nextInt(supervisors);
      c.assignedAt = c.firstAssignedAt + handle / 2;
    }
    double by = r.nextDouble();
    c.closedBy = by < 0.55 ? "agent" : by < 0.85 ? "visitor" : "timeout";
    c.closedFrom = "assigned";
    if (r.nextDouble() < 0.38) {
      double s = r.nextDouble();
      c.rating = s < 0.55 ? 5 : s < 0.75 ? 4 : s < 0.85 ? 3 : s < 0.91 ? 2 : 1;
      c.ratedAt = c.closedAt + 5_000 + r.nextLong(60_000);
    }
    if (r.nextDouble() < 0.03) {
      ticket(c, c.closedAt - 30_000, r);
    }
  }

  private static void ticket(Conv c, long at, SplittableRandom r) {
    c.ticketAt = at;
    double k = r.nextDouble();
    c.ticketKind = k < 0.55 ? "咨询" : k < 0.75 ? "投诉" : k < 0.95 ? "售后" : "建议";
  }

  /**
   * As the server's {@code ConversationStore.followUp}: when a conversation first asks for a person,
   * the visitor's earlier conversations closed by then and not yet followed up get its creation time.
   */
  private static void followUps(Conv c, Map<Integer, List<Conv>> pending) {
    List<Conv> earlier = pending.get(c.visitor);
    if (c.handoffAt != 0 && earlier != null) {
      earlier.removeIf(e -> {
        if (e.closedAt <= c.createdAt) {
          e.followupAt = c.createdAt;
          return true;
        }
        return false;
      });
    }
    pending.computeIfAbsent(c.visitor, k -> new ArrayList<>(2)).add(c);
  }

  private static double[] cumulative(double[] w) {
    double[] c = new double[w.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i];
      c[i] = sum;
    }
    for (int i = 0; i < w.length; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int pick(double[] cumulative, SplittableRandom r) {
    int i = Arrays.binarySearch(cumulative, r.nextDouble());
    return Math.min(cumulative.length - 1, i < 0 ? -i - 1 : i);
  }
}
