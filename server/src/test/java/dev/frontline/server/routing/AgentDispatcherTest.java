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
  private final AgentDispatcher d = new AgentDispatcher(Clock.systemUTC(), timers, Duration.ofMillis(200));

  {
    d.setListener(new RoutingListener() {
      @Override
      public void noAgent(String c, String v, String g, String reason) {
        events.add("noAgent " + c);
      }

      @Override
      public void queued(String c, String v, String g, int position, Long wait) {
        events.add("queued " + c + " " + position);
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
