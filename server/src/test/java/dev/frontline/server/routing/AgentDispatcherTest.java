package dev.frontline.server.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing decisions in isolation: no sockets, a listener that records what it is told. */
class AgentDispatcherTest {
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final MutableClock clock = new MutableClock();
  private final AgentDispatcher d = new AgentDispatcher(clock, timers, Duration.ofMillis(200), Duration.ofSeconds(1));
  private final List<long[]> waits = Collections.synchronizedList(new ArrayList<>());

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile long now = 1_000_000;

    void advance(long ms) {
      now += ms;
    }

    @Override
    public long millis() {
      return now;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(now);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  {
    d.setListener(recorder());
  }

  private RoutingListener recorder() {
    return new RoutingListener() {
      @Override
      public void noAgent(String c, String v, String g, String reason) {
        events.add("noAgent " + c);
      }

      @Override
      public void queued(String c, String v, String g, int position, Long wait) {
        events.add("queued " + c + " " + position);
        waits.add(new long[] {position, wait == null ? -1 : wait});
      }

      @Override
      public void assign(String c, String v, AgentRef agent, String g, String reason) {
        events.add("assign " + c + " " + agent.id());
      }

      @Override
      public void revoke(String c, String v, long agentId, String reason) {
        events.add("revoke " + c + " " + agentId);
      }
    };
  }

  @AfterEach
  void stop() {
    d.close();
    timers.shutdownNow();
  }

  private void online(long id, int max) throws Exception {
    d.agentConnected(new AgentProfile(id, "a" + id, Set.of("g"), max, false)).get(5, TimeUnit.SECONDS);
    d.setStatus(id, AgentDispatcher.Status.ONLINE).get(5, TimeUnit.SECONDS);
  }

  private void settle() throws Exception {
    d.snapshot().get(5, TimeUnit.SECONDS);
  }

  /** The positions told to {@code conv}, in order. */
  private List<Integer> positions(String conv) {
    String prefix = "queued " + conv + " ";
    synchronized (events) {
      return events.stream().filter(e -> e.startsWith(prefix)).map(e -> Integer.parseInt(e.substring(prefix.length())))
          .toList();
    }
  }

  /** Agent 1 (5 slots) busy with busy0..busy4, and w1..w{n} waiting in that order. */
  private void busyQueue(AgentDispatcher dispatcher, int n) throws Exception {
    dispatcher.agentConnected(new AgentProfile(1, "a1", Set.of("g"), 5, false)).get(5, TimeUnit.SECONDS);
    dispatcher.setStatus(1, AgentDispatcher.Status.ONLINE).get(5, TimeUnit.SECONDS);
    for (int i = 0; i < 5; i++) {
      dispatcher.request("busy" + i, "v", "g");
    }
    for (int i = 1; i <= n; i++) {
      dispatcher.request("w" + i, "v" + i, "g");
    }
    dispatcher.snapshot().get(5, TimeUnit.SECONDS);
  }

  @Test
  void positions_firstAtOnce_thenAtMostOncePerWindow_theLatestAtItsEnd_andAChangeAfterAQuietWindowAtOnce()
      throws Exception {
    busyQueue(d, 10);
    for (int i = 1; i <= 10; i++) {
      assertEquals(List.of(i), positions("w" + i), "the first position is told at once");
    }
    // Five chats end in a row: w1..w5 are assigned, the others move up five places within their window.
    for (int i = 0; i < 5; i++) {
      d.finished("busy" + i);
    }
    settle();
    for (int i = 6; i <= 10; i++) {
      assertEquals(List.of(i), positions("w" + i), "nothing more within the window");
    }
    clock.advance(1000);
    d.expireWindows().get(5, TimeUnit.SECONDS);
    for (int i = 6; i <= 10; i++) {
      assertEquals(List.of(i, i - 5), positions("w" + i), "the latest position at the window's end");
    }
    // A window without a change closes quietly...
    clock.advance(1000);
    d.expireWindows().get(5, TimeUnit.SECONDS);
    for (int i = 6; i <= 10; i++) {
      assertEquals(2, positions("w" + i).size());
    }
    // ...and the next change is told at once, with the clock standing still.
    d.finished("w1");
    settle();
    assertTrue(events.contains("assign w6 1"), events.toString());
    for (int i = 7; i <= 10; i++) {
      assertEquals(List.of(i, i - 5, i - 6), positions("w" + i));
    }
    // Asking again while waiting is answered at once, window or not.
    d.request("w9", "v9", "g");
    settle();
    assertEquals(List.of(9, 4, 3, 3), positions("w9"));
  }

  @Test
  void zeroWindow_tellsEveryChangeAtOnce() throws Exception {
    AgentDispatcher unthrottled = new AgentDispatcher(clock, timers, Duration.ofMillis(200), Duration.ZERO);
    unthrottled.setListener(recorder());
    try {
      busyQueue(unthrottled, 8);
      for (int i = 0; i < 3; i++) {
        unthrottled.finished("busy" + i);
      }
      unthrottled.snapshot().get(5, TimeUnit.SECONDS);
      assertEquals(List.of(8, 7, 6, 5), positions("w8"));
      assertEquals(List.of(4, 3, 2, 1), positions("w4"));
    } finally {
      unthrottled.close();
    }
  }

  @Test
  void requeuedAtTheHead_othersAreToldTheyMovedBack() throws Exception {
    online(1, 1);
    online(2, 1);
    d.request("c1", "v1", "g");
    d.request("c2", "v2", "g");
    d.request("w1", "v3", "g");
    d.request("w2", "v4", "g");
    settle();
    assertEquals(List.of(1), positions("w1"));
    String owner = events.contains("assign c1 1") ? "1" : "2";
    // c1 goes back to the queue head (transferred to the group with someone else online): w1, w2 move back.
    assertEquals(AgentDispatcher.TransferResult.DONE,
        d.transfer("c1", Long.parseLong(owner), false, "g", null, g -> true).get(5, TimeUnit.SECONDS));
    clock.advance(1000);
    d.expireWindows().get(5, TimeUnit.SECONDS);
    assertEquals(List.of(1), positions("c1"));
    assertEquals(List.of(1, 2), positions("w1"));
    assertEquals(List.of(2, 3), positions("w2"));
  }

  @Test
  void manyVisitorsAndAgents_nothingAssignedTwice_neverAboveCapacity() throws Exception {
    for (long id = 1; id <= 5; id++) {
      online(id, (int) id);
    }
    for (int i = 0; i < 40; i++) {
      d.request("c" + i, "v" + i, "g");
    }
    settle();
    long assigned = events.stream().filter(e -> e.startsWith("assign")).count();
    assertEquals(15, assigned, "1+2+3+4+5 slots");
    assertEquals(15, events.stream().filter(e -> e.startsWith("assign")).map(e -> e.split(" ")[1]).distinct().count());
    for (long id = 1; id <= 5; id++) {
      String suffix = " " + id;
      long n = events.stream().filter(e -> e.startsWith("assign") && e.endsWith(suffix)).count();
      assertEquals(id, n, "agent " + id + " gets exactly its capacity");
    }
    assertTrue(events.contains("queued c39 25"), "the last waits at position 25");
  }

  @Test
  void expectedWait_isPositionTimesMeasuredHandleTimeOverCapacity() throws Exception {
    online(1, 2);
    online(2, 2);
    // Script four chats of 60 s each so that the group's measured handle time is 60 s.
    for (int i = 0; i < 4; i++) {
      d.request("h" + i, "v", "g");
    }
    settle();
    clock.advance(60_000);
    for (int i = 0; i < 4; i++) {
      d.finished("h" + i);
    }
    settle();
    for (int i = 0; i < 4; i++) {
      d.request("busy" + i, "v", "g");
    }
    waits.clear();
    for (int i = 1; i <= 3; i++) {
      d.request("w" + i, "v", "g");
    }
    settle();
    // Capacity 4 slots, H = 60 s: W(p) = p * 60 s / 4.
    assertEquals(List.of(1L, 2L, 3L), waits.stream().map(w -> w[0]).toList());
    assertEquals(List.of(15_000L, 30_000L, 45_000L), waits.stream().map(w -> w[1]).toList());
  }

  /** The agent a conversation was assigned to, from the recorded events. */
  private long assignee(String conv) {
    String prefix = "assign " + conv + " ";
    synchronized (events) {
      return events.stream().filter(e -> e.startsWith(prefix)).mapToLong(e -> Long.parseLong(e.substring(prefix.length())))
          .findFirst().orElseThrow(() -> new AssertionError("never assigned: " + conv + " in " + events));
    }
  }

  /** Asks for a person for agent {@code id} as the returning visitor's last agent (straight to it), at the current time. */
  private void straightTo(String conv, long id) throws Exception {
    d.request(conv, "v-" + conv, "g", id);
    settle();
    assertEquals(id, assignee(conv));
  }

  @Test
  void equalLoad_theAgentIdleLongestWins_evenWithTheHigherId() throws Exception {
    online(2, 3);
    clock.advance(1000);
    online(1, 3);
    clock.advance(1000);
    d.request("c1", "v1", "g");
    settle();
    assertEquals(2, assignee("c1"), "both free: agent 2 has been idle a second longer");
  }

  @Test
  void equalLoad_idleMeansSinceTheLastAssignmentOrChatEnd_notSinceTheAgentWasLastFree() throws Exception {
    online(1, 3);
    clock.advance(1000);
    online(2, 3);
    // Agent 2 gets a chat first, agent 1 a second later: at one chat each, agent 2 has waited longer.
    clock.advance(1000);
    straightTo("a2", 2);
    clock.advance(1000);
    straightTo("a1", 1);
    clock.advance(1000);
    d.request("r1", "v", "g");
    settle();
    assertEquals(2, assignee("r1"), "agent 2's last assignment is older, though agent 1 came online first");
    // Two chats each now. Agent 2 ends one, then agent 1: at one chat each, agent 2 has waited longer.
    straightTo("b1", 1);
    clock.advance(1000);
    d.finished("a2");
    settle();
    clock.advance(1000);
    d.finished("a1");
    settle();
    clock.advance(1000);
    d.request("r2", "v", "g");
    settle();
    assertEquals(2, assignee("r2"), "agent 2's last chat end is older; a drop in load counts, not only to zero");
  }

  @Test
  void noOnlineAgent_meansNoAgent() throws Exception {
    d.request("c1", "v1", "g");
    settle();
    assertEquals(List.of("noAgent c1"), events);
  }

  @Test
  void graceOver_requeuesAtTheHead_andTheLastAgentLeavingReleasesTheQueue() throws Exception {
    online(1, 1);
    d.request("c1", "v1", "g");
    d.request("c2", "v2", "g");
    settle();
    assertTrue(events.contains("assign c1 1") && events.contains("queued c2 1"), events.toString());
    d.agentDisconnected(1);
    Thread.sleep(400);
    settle();
    assertTrue(events.contains("revoke c1 1"), events.toString());
    assertTrue(events.contains("noAgent c1") && events.contains("noAgent c2"),
        "after the grace period nobody of the group is online: " + events);
  }
}
