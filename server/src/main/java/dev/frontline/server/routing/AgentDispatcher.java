package dev.frontline.server.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of routing state: queues per skill group, agents' presence and load. Every
 * method hops onto the dispatcher's one thread, so assignment is decided in one place and
 * nothing is assigned twice; results go back to conversation owners through
 * {@link RoutingListener}.
 *
 * <p>Assignment: among online, connected agents of the group with room, the least loaded; on a
 * tie, the one idle longest (whose last assignment, chat end or coming online is oldest). Never
 * above an agent's maximum. An agent who loses every
 * connection keeps the chats for a grace period, then they go back to the head of the queue.
 */
public final class AgentDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentDispatcher.class);

  /** Presence as routing sees it. */
  public enum Status {
    ONLINE,
    AWAY,
    OFFLINE
  }

  private static final class Agent {
    AgentProfile profile;
    Status status = Status.OFFLINE;
    boolean connected;
    /**
     * When the agent last got a chat, ended one, or came online: among agents with as many chats,
     * the one with the oldest such moment is the one idle longest and goes first.
     */
    long idleSince;
    long graceEpoch;
    /** An admin disabled the account: it gets nothing, whatever its connections say. */
    boolean disabled;
    final Set<String> active = new LinkedHashSet<>();

    Agent(AgentProfile profile) {
      this.profile = profile;
    }

    boolean available() {
      return connected && !disabled && status == Status.ONLINE && active.size() < profile.maxChats();
    }

    boolean serves(String group) {
      return profile.groups().contains(group);
    }
  }

  /** The outcome of a transfer request. */
  public enum TransferResult {
    DONE,
    NOT_ASSIGNED_TO_YOU,
    TARGET_UNAVAILABLE,
    UNKNOWN_GROUP
  }

  private final ExecutorService thread;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final Duration grace;
  private final AtomicReference<RoutingListener> listener = new AtomicReference<>();
  private final Map<Long, Agent> agents = new HashMap<>();
  private final Map<String, GroupQueue> queues = new HashMap<>();
  private final Map<String, Waiting> queued = new HashMap<>();
  /** conversationId -> agent id, for every assigned conversation. */
  private final Map<String, Long> assignedTo = new HashMap<>();
  private final PositionReporter reporter;
  /** Chat slots per group, computed once per batch of position updates. */
  private final Map<String, Integer> capacities = new HashMap<>();
  private final Map<String, WaitEstimator> handleTimes = new HashMap<>();
  private volatile Map<String, GroupRule> rules = Map.of();
  private volatile QueueWaits waits = QueueWaits.NONE;
  private volatile PresenceObserver presence = PresenceObserver.NONE;

  /**
   * @param grace an agent who lost every connection keeps its chats this long
   * @param positionWindow a waiting visitor is told its position at most once per this window
   *     (the first change at once, the latest at the window's end; see {@link PositionReporter});
   *     zero tells every change at once
   */
  public AgentDispatcher(Clock clock, ScheduledExecutorService timers, Duration grace, Duration positionWindow) {
    this.clock = clock;
    this.timers = timers;
    this.grace = grace;
    this.reporter = new PositionReporter(positionWindow.toMillis(), this::tell);
    this.thread = java.util.concurrent.Executors.newSingleThreadExecutor(
        r -> Thread.ofPlatform().name("dispatcher").unstarted(r));
    timers.scheduleWithFixedDelay(() -> run(this::tick), 1, 1, TimeUnit.SECONDS);
    long window = reporter.windowMs();
    if (window > 0) {
      // Windows end within a tenth of a window (10 to 100 ms) of their due time.
      long every = Math.max(10, Math.min(100, window / 10));
      timers.scheduleWithFixedDelay(() -> run(() -> reporter.expire(clock.millis())), every, every,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Ends the position windows due by now at once (the timer does it every tenth of a window; tests move a clock). */
  CompletableFuture<Void> expireWindows() {
    return call(() -> {
      reporter.expire(clock.millis());
      return null;
    });
  }

  /** Replaces the groups' queue rules (after an admin change or a reload). */
  public void setRules(Map<String, GroupRule> byGroup) {
    rules = Map.copyOf(byGroup);
  }

  private GroupRule rule(String group) {
    GroupRule r = rules.get(group);
    return r == null ? GroupRule.none(group) : r;
  }

  public void setListener(RoutingListener l) {
    listener.set(l);
  }

  /** Who is told how long visitors waited (metrics). */
  public void setWaits(QueueWaits w) {
    waits = w;
  }

  private void waited(Waiting e, String outcome) {
    waits.waited(e.group, Math.max(0, clock.millis() - e.enqueuedAt), outcome);
  }

  private RoutingListener listener() {
    return listener.get();
  }

  /** Runs a task on the dispatcher thread; what it changed in the queues is told when it ends. */
  private void run(Runnable r) {
    thread.execute(() -> {
      capacities.clear();
      try {
        r.run();
      } catch (RuntimeException e) {
        log.error("event=dispatcher.task_failed", e);
      } finally {
        report();
      }
    });
  }

  private <T> CompletableFuture<T> call(java.util.function.Supplier<T> s) {
    return CompletableFuture.supplyAsync(() -> {
      capacities.clear();
      try {
        return s.get();
      } finally {
        report();
      }
    }, thread);
  }

  /** Takes the agents' presence after each task (figures: online and busy time). */
  public void setPresenceObserver(PresenceObserver o) {
    presence = o;
  }

  private void report() {
    try {
      capacities.clear();
      long now = clock.millis();
      reporter.flush(now);
      PresenceObserver p = presence;
      for (Agent a : agents.values()) {
        p.presence(a.profile.id(), a.connected && !a.disabled && a.status == Status.ONLINE, !a.active.isEmpty(), now);
      }
    } catch (RuntimeException e) {
      log.error("event=dispatcher.report_failed", e);
    }
  }

  // ---- agents ----

  /**
   * An agent authenticated on a connection: known, connected, and (until it says online) offline.
   * Completes with the chats it still holds, or null when its account was disabled meanwhile
   * (the connection is to be closed).
   */
  public CompletableFuture<List<String>> agentConnected(AgentProfile profile) {
    return call(() -> {
      Agent a = agents.computeIfAbsent(profile.id(), id -> new Agent(profile));
      if (a.disabled) {
        return null;
      }
      a.profile = profile;
      a.connected = true;
      a.graceEpoch++;
      if (a.idleSince == 0) {
        a.idleSince = clock.millis();
      }
      fill(a);
      return List.copyOf(a.active);
    });
  }

  /**
   * An admin changed the account: a new capacity or new groups count at once, connected or not.
   * A lower capacity takes nothing away (no new chat until below it); a group left whose queue
   * has nobody online any more is released (no_agent). A disabled account goes offline and its
   * chats go back to the head of their queues at once.
   */
  public void profileChanged(AgentProfile profile, boolean disabled) {
    run(() -> {
      Agent a = agents.get(profile.id());
      if (a == null) {
        if (!disabled) {
          return;
        }
        a = new Agent(profile);
        agents.put(profile.id(), a);
      }
      Set<String> left = new LinkedHashSet<>(a.profile.groups());
      left.removeAll(profile.groups());
      a.profile = profile;
      a.disabled = disabled;
      if (disabled) {
        a.status = Status.OFFLINE;
        requeueAll(a, "agent_disabled");
        left.addAll(profile.groups());
      }
      log.info("event=agent.profile_changed agent={} maxChats={} groups={} disabled={}", profile.id(),
          profile.maxChats(), profile.groups().size(), disabled);
      starvation(left);
      if (disabled) {
        rebalance();
      } else {
        fill(a);
      }
    });
  }

  /** The agent's last connection closed: keep its chats for the grace period. */
  public void agentDisconnected(long agentId) {
    run(() -> {
      Agent a = agents.get(agentId);
      if (a == null || !a.connected) {
        return;
      }
      a.connected = false;
      long epoch = ++a.graceEpoch;
      log.info("event=agent.disconnected agent={} chats={} graceSeconds={}", agentId, a.active.size(), grace.toSeconds());
      timers.schedule(() -> run(() -> graceOver(agentId, epoch)), grace.toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  private void graceOver(long agentId, long epoch) {
    Agent a = agents.get(agentId);
    if (a == null || a.connected || a.graceEpoch != epoch) {
      return;
    }
    a.status = Status.OFFLINE;
    log.info("event=agent.grace_over agent={} requeued={}", agentId, a.active.size());
    requeueAll(a, "agent_disconnected");
    starvation(a.profile.groups());
    rebalance();
  }

  /** Takes every chat from the agent back to the head of its queue, oldest first, so they keep their place. */
  private void requeueAll(Agent a, String reason) {
    List<String> chats = new ArrayList<>(a.active);
    a.active.clear();
    for (int i = chats.size() - 1; i >= 0; i--) {
      String conv = chats.get(i);
      assignedTo.remove(conv);
      EntryInfo info = lastInfo.remove(conv);
      if (info == null) {
        continue;
      }
      listener().revoke(conv, info.visitorId, a.profile.id(), reason);
      enqueue(new Waiting(conv, info.visitorId, info.group, info.enqueuedAt), true);
    }
  }

  /** Online, away or offline, as the agent chose. */
  public CompletableFuture<Void> setStatus(long agentId, Status status) {
    return call(() -> {
      Agent a = agents.get(agentId);
      if (a == null || a.disabled) {
        return null;
      }
      Status before = a.status;
      a.status = status;
      if (status == Status.ONLINE) {
        if (before != Status.ONLINE) {
          a.idleSince = clock.millis();
        }
        fill(a);
      } else {
        starvation(a.profile.groups());
      }
      return null;
    });
  }

  /** The agent's routing state: status and active conversations (snapshot). */
  public CompletableFuture<Map<String, Object>> agentState(long agentId) {
    return call(() -> {
      Agent a = agents.get(agentId);
      Map<String, Object> m = new HashMap<>();
      m.put("status", a == null ? "offline" : a.status.name().toLowerCase(java.util.Locale.ROOT));
      m.put("active", a == null ? List.of() : List.copyOf(a.active));
      m.put("maxChats", a == null ? 0 : a.profile.maxChats());
      return m;
    });
  }

  // ---- conversations ----

  private record EntryInfo(String visitorId, String group, long enqueuedAt, long assignedAt) {}

  /** Group and visitor of each assigned conversation, to requeue it when needed. */
  private final Map<String, EntryInfo> lastInfo = new HashMap<>();

  /** A visitor asks for a person in {@code group}. */
  public void request(String conversationId, String visitorId, String group) {
    request(conversationId, visitorId, group, null);
  }

  /**
   * A visitor asks for a person in {@code group}; a returning visitor goes first to
   * {@code preferredAgent}, the agent who served it last, if that agent is online and has room
   * (首问负责制).
   */
  public void request(String conversationId, String visitorId, String group, Long preferredAgent) {
    run(() -> {
      if (queued.containsKey(conversationId) || assignedTo.containsKey(conversationId)) {
        Waiting e = queued.get(conversationId);
        if (e != null) {
          reporter.resend(e, clock.millis());
        }
        return;
      }
      long now = clock.millis();
      Agent preferred = preferredAgent == null ? null : agents.get(preferredAgent);
      if (preferred != null && preferred.available()) {
        give(preferred, conversationId, visitorId, group, now, "returning");
        return;
      }
      String target = group;
      if (!anyOnline(group)) {
        String overflow = rule(group).overflowGroup();
        if (overflow == null || !anyOnline(overflow)) {
          listener().noAgent(conversationId, visitorId, group, "no_agent_online");
          return;
        }
        target = overflow;
      }
      enqueue(new Waiting(conversationId, visitorId, target, now), false);
      rebalance();
    });
  }

  /** Once a second: overflow to other groups, and the wait limit. */
  private void tick() {
    long now = clock.millis();
    presence.tick(now);
    boolean touched = false;
    for (String g : new ArrayList<>(queues.keySet())) {
      GroupRule rule = rule(g);
      if (rule.overflowGroup() == null && rule.maxWaitSeconds() <= 0) {
        continue;
      }
      for (Waiting e : queues.get(g).members()) {
        if (rule.maxWaitSeconds() > 0 && now - e.enqueuedAt >= rule.maxWaitSeconds() * 1000L) {
          dequeue(e);
          touched = true;
          waited(e, "wait_limit");
          listener().noAgent(e.conversationId, e.visitorId, g, "wait_limit");
        } else if (rule.overflowGroup() != null && !rule.overflowGroup().equals(g) && rule.overflowAfterSeconds() > 0
            && now - e.groupSince >= rule.overflowAfterSeconds() * 1000L && anyOnline(rule.overflowGroup())) {
          dequeue(e);
          e.group = rule.overflowGroup();
          e.groupSince = now;
          // Joins the other group's queue in the order of first asking, so it keeps its seniority.
          queue(e.group).insertByAge(e);
          queued.put(e.conversationId, e);
          reporter.joined(e);
          touched = true;
        }
      }
    }
    if (touched) {
      rebalance();
    }
  }

  private GroupQueue queue(String group) {
    return queues.computeIfAbsent(group, g -> new GroupQueue(g, reporter::moved));
  }

  private void dequeue(Waiting e) {
    e.queue.remove(e);
    queued.remove(e.conversationId);
  }

  /** The conversation ended or was withdrawn (closed while queued, or the owner refused an assignment). */
  public void finished(String conversationId) {
    run(() -> {
      Waiting e = queued.remove(conversationId);
      if (e != null) {
        e.queue.remove(e);
        waited(e, "left");
      }
      Long agentId = assignedTo.remove(conversationId);
      EntryInfo info = lastInfo.remove(conversationId);
      if (info != null && agentId != null) {
        handleTimes.computeIfAbsent(info.group, g -> new WaitEstimator()).record(clock.millis() - info.assignedAt);
      }
      if (agentId != null) {
        Agent a = agents.get(agentId);
        if (a != null && a.active.remove(conversationId)) {
          a.idleSince = clock.millis();
          fill(a);
        }
      }
    });
  }

  /** Moves an assigned conversation to another group's queue head or straight to an agent. */
  public CompletableFuture<TransferResult> transfer(String conversationId, long fromAgent, boolean privileged,
      String toGroup, Long toAgent, java.util.function.Predicate<String> groupExists) {
    return call(() -> {
      Long owner = assignedTo.get(conversationId);
      if (owner == null || (owner != fromAgent && !privileged)) {
        return TransferResult.NOT_ASSIGNED_TO_YOU;
      }
      EntryInfo info = lastInfo.get(conversationId);
      if (toAgent != null) {
        Agent target = agents.get(toAgent);
        if (target == null || !target.connected || target.status != Status.ONLINE
            || target.active.size() >= target.profile.maxChats() || toAgent.equals(owner)) {
          return TransferResult.TARGET_UNAVAILABLE;
        }
        release(owner, conversationId);
        listener().revoke(conversationId, info.visitorId, owner, "transferred");
        String group = target.serves(info.group) || target.profile.groups().isEmpty() ? info.group
            : target.profile.groups().iterator().next();
        give(target, conversationId, info.visitorId, group, info.enqueuedAt, "transfer");
        fill(agents.get(owner));
        return TransferResult.DONE;
      }
      if (!groupExists.test(toGroup)) {
        return TransferResult.UNKNOWN_GROUP;
      }
      if (!anyOnlineExcept(toGroup, owner)) {
        return TransferResult.TARGET_UNAVAILABLE;
      }
      release(owner, conversationId);
      listener().revoke(conversationId, info.visitorId, owner, "transferred");
      long now = clock.millis();
      enqueue(new Waiting(conversationId, info.visitorId, toGroup, now, now, owner, "transfer"), true);
      rebalance();
      fill(agents.get(owner));
      return TransferResult.DONE;
    });
  }

  /** A supervisor takes a conversation over: it becomes theirs, above their capacity if need be. */
  public CompletableFuture<Boolean> takeover(String conversationId, String visitorId, String group,
      AgentProfile supervisor) {
    return call(() -> {
      Agent s = agents.computeIfAbsent(supervisor.id(), id -> new Agent(supervisor));
      Long owner = assignedTo.get(conversationId);
      if (owner != null && owner == supervisor.id()) {
        return false;
      }
      EntryInfo info = lastInfo.get(conversationId);
      Waiting q = queued.remove(conversationId);
      if (q != null) {
        q.queue.remove(q);
        waited(q, "assigned");
      }
      long enqueuedAt = info != null ? info.enqueuedAt : q != null ? q.enqueuedAt : clock.millis();
      String g = info != null ? info.group : q != null ? q.group : group;
      if (owner != null) {
        release(owner, conversationId);
        listener().revoke(conversationId, visitorId, owner, "takeover");
      }
      give(s, conversationId, visitorId, g, enqueuedAt, "takeover");
      if (owner != null) {
        fill(agents.get(owner));
      }
      return true;
    });
  }

  /** After a restart: a conversation that was waiting, in its original order. */
  public void restoreQueued(String conversationId, String visitorId, String group, long enqueuedAt) {
    run(() -> enqueue(new Waiting(conversationId, visitorId, group, enqueuedAt), false));
  }

  /**
   * After a restart: a conversation that was assigned. Its agent has not reconnected yet; it
   * gets the grace period to do so.
   */
  public void restoreAssigned(String conversationId, String visitorId, String group, long enqueuedAt,
      AgentProfile agent) {
    run(() -> {
      Agent a = agents.computeIfAbsent(agent.id(), id -> new Agent(agent));
      a.active.add(conversationId);
      assignedTo.put(conversationId, agent.id());
      lastInfo.put(conversationId, new EntryInfo(visitorId, group, enqueuedAt, clock.millis()));
      if (!a.connected) {
        long epoch = ++a.graceEpoch;
        timers.schedule(() -> run(() -> graceOver(agent.id(), epoch)), grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  /**
   * After a restore: assign what can be, and once the grace period has passed without an agent
   * of a group coming back, tell that group's waiting visitors (nothing waits forever).
   */
  public void afterRestore() {
    run(this::rebalance);
    timers.schedule(() -> run(() -> {
      starvation(new LinkedHashSet<>(queues.keySet()));
      rebalance();
    }), grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A visitor waiting in a group's queue since when it first asked (alerts). */
  public record WaitingView(String conversationId, String group, long since) {}

  /** Everyone waiting, queue by queue, in queue order. */
  public CompletableFuture<List<WaitingView>> waiting() {
    return call(() -> {
      List<WaitingView> out = new ArrayList<>();
      for (GroupQueue q : queues.values()) {
        for (Waiting w : q.members()) {
          out.add(new WaitingView(w.conversationId, w.group, w.enqueuedAt));
        }
      }
      return out;
    });
  }

  /** Queue lengths and agent loads, for figures and the supervisor page. */
  public CompletableFuture<Map<String, Object>> snapshot() {
    return call(() -> {
      Map<String, Object> out = new HashMap<>();
      Map<String, Integer> q = new HashMap<>();
      queues.forEach((g, d) -> q.put(g, d.size()));
      out.put("queues", q);
      List<Map<String, Object>> list = new ArrayList<>();
      for (Agent a : agents.values()) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", a.profile.id());
        m.put("name", a.profile.name());
        m.put("status", a.status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("connected", a.connected);
        m.put("active", a.active.size());
        m.put("maxChats", a.profile.maxChats());
        m.put("groups", a.profile.groups());
        list.add(m);
      }
      out.put("agents", list);
      Map<String, Object> handle = new HashMap<>();
      handleTimes.forEach((g, w) -> handle.put(g, Map.of("avgHandleMs", Math.round(w.handleMs()), "samples", w.samples())));
      out.put("handleTimes", handle);
      return out;
    });
  }

  /** Queue lengths and agents by presence, for metrics. */
  public CompletableFuture<RoutingFigures> figures() {
    return call(() -> {
      Map<String, Integer> q = new HashMap<>();
      queues.forEach((g, d) -> q.put(g, d.size()));
      Map<String, Integer> presence = new HashMap<>(Map.of("online", 0, "away", 0, "offline", 0, "grace", 0));
      for (Agent a : agents.values()) {
        String p = a.status == Status.OFFLINE ? "offline" : !a.connected ? "grace"
            : a.status.name().toLowerCase(java.util.Locale.ROOT);
        presence.merge(p, 1, Integer::sum);
      }
      return new RoutingFigures(q, presence);
    });
  }

  // ---- internals (dispatcher thread only) ----

  private void enqueue(Waiting e, boolean head) {
    GroupQueue q = queue(e.group);
    if (head) {
      q.addFirst(e);
    } else {
      q.addLast(e);
    }
    queued.put(e.conversationId, e);
    reporter.joined(e);
  }

  /** Chat slots of the group's online agents (those within their grace period included). */
  private int capacity(String group) {
    int c = 0;
    for (Agent a : agents.values()) {
      if (a.status == Status.ONLINE && a.serves(group)) {
        c += a.profile.maxChats();
      }
    }
    return c;
  }

  /** An online agent of the group, counting one who lost its connection but is within the grace period. */
  private boolean anyOnline(String group) {
    return anyOnlineExcept(group, null);
  }

  private boolean anyOnlineExcept(String group, Long except) {
    for (Agent a : agents.values()) {
      if (a.status == Status.ONLINE && a.serves(group) && (except == null || a.profile.id() != except)) {
        return true;
      }
    }
    return false;
  }

  /** Visitors waiting in a group that has nobody online any more get no_agent instead of waiting forever. */
  private void starvation(Set<String> groups) {
    for (String g : groups) {
      GroupQueue q = queues.get(g);
      if (q == null || q.isEmpty() || anyOnline(g)) {
        continue;
      }
      for (Waiting e : q.members()) {
        dequeue(e);
        waited(e, "no_agent");
        listener().noAgent(e.conversationId, e.visitorId, g, "no_agent_online");
      }
    }
  }

  private void rebalance() {
    for (GroupQueue q : new ArrayList<>(queues.values())) {
      while (!q.isEmpty()) {
        Waiting e = q.peekFirst();
        Agent best = pick(q.group, e.excluded);
        if (best == null) {
          break;
        }
        dequeue(e);
        waited(e, "assigned");
        give(best, e.conversationId, e.visitorId, e.group, e.enqueuedAt, e.reason);
      }
    }
  }

  /** An agent got room: serve the oldest waiting visitor among its groups, until full. */
  private void fill(Agent a) {
    if (a == null) {
      return;
    }
    while (a.available()) {
      Waiting oldest = null;
      for (String g : a.profile.groups()) {
        GroupQueue q = queues.get(g);
        if (q != null && !q.isEmpty() && (oldest == null || q.peekFirst().enqueuedAt < oldest.enqueuedAt)) {
          oldest = q.peekFirst();
        }
      }
      if (oldest == null) {
        break;
      }
      // Fairness across agents: the least loaded agent of that group goes first.
      Agent best = pick(oldest.group, oldest.excluded);
      if (best == null) {
        break;
      }
      dequeue(oldest);
      waited(oldest, "assigned");
      give(best, oldest.conversationId, oldest.visitorId, oldest.group, oldest.enqueuedAt, oldest.reason);
    }
  }

  private static final Comparator<Agent> LEAST_LOADED =
      Comparator.<Agent>comparingInt(a -> a.active.size()).thenComparingLong(a -> a.idleSince)
          .thenComparingLong(a -> a.profile.id());

  private Agent pick(String group, Long excluded) {
    Agent best = null;
    for (Agent a : agents.values()) {
      if (a.serves(group) && a.available() && (excluded == null || a.profile.id() != excluded)
          && (best == null || LEAST_LOADED.compare(a, best) < 0)) {
        best = a;
      }
    }
    return best;
  }

  private void give(Agent a, String conversationId, String visitorId, String group, long enqueuedAt, String reason) {
    a.active.add(conversationId);
    a.idleSince = clock.millis();
    assignedTo.put(conversationId, a.profile.id());
    lastInfo.put(conversationId, new EntryInfo(visitorId, group, enqueuedAt, clock.millis()));
    listener().assign(conversationId, visitorId, a.profile.ref(), group, reason);
  }

  private void release(long agentId, String conversationId) {
    assignedTo.remove(conversationId);
    Agent a = agents.get(agentId);
    if (a != null) {
      if (a.active.remove(conversationId)) {
        a.idleSince = clock.millis();
      }
    }
  }

  /** Tells a waiting visitor its position, with the expected wait (the reporter decided it is time). */
  private void tell(Waiting w, int position) {
    Integer c = capacities.get(w.group);
    if (c == null) {
      c = capacity(w.group);
      capacities.put(w.group, c);
    }
    Long wait = handleTimes.computeIfAbsent(w.group, g -> new WaitEstimator()).estimate(position, c);
    listener().queued(w.conversationId, w.visitorId, w.group, position, wait);
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
