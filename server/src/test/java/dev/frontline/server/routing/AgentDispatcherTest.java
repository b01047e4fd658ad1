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
  private final AgentDispatcher d = new AgentDispatcher(clock, timers, Duration.ofMillis(200));
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
    d.setListener(new RoutingListener() {
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
    });
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
