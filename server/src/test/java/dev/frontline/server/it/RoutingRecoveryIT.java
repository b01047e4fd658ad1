package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Routing survives a SIGKILL: the queue keeps its order, the agent who comes back within the
 * grace period gets its chats back, and nothing is assigned twice.
 */
class RoutingRecoveryIT {
  private static final int GRACE_SECONDS = 6;

  /** A visitor before the kill: how to resume it. */
  private record Seen(String token, String conversationId, int lastSeq) {}

  private static int lastSeq(WsClient ws) {
    int max = 0;
    for (ObjectNode f : ws.history()) {
      if ("message".equals(f.path("type").asText())) {
        max = Math.max(max, f.get("seq").asInt());
      }
    }
    return max;
  }

  private static TestServer.Visitor askForPerson(ServerProcess server) {
    TestServer.Visitor v = TestServer.visitorAt(server.ws("/ws/visitor"), null, 0);
    v.ws().send(obj("type", "human", "group", "consult"));
    return v;
  }

  @Test
  void sigkill_queuedVisitorsKeepTheirOrder_theAgentGetsItsChatsBack_andNothingIsAssignedTwice() throws Exception {
    Path dir = Files.createTempDirectory("frontline-routing-kill");
    Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
    env.put("FRONTLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    env.put("FRONTLINE_DEMO", "0");
    env.put("FRONTLINE_AGENT_GRACE_SECONDS", "" + GRACE_SECONDS);
    List<Seen> assigned = new ArrayList<>();
    List<Seen> queued = new ArrayList<>();
    try {
      try (ServerProcess first = ServerProcess.start(env)) {
        Http http = first.http();
        TestServer.createUser(http, TestServer.login(http, "admin", TestServer.ADMIN_PASSWORD), "agent1",
            List.of("agent"), List.of("consult"), 2);
        WsClient agent = TestServer.agentAt(first.ws("/ws/agent"), TestServer.login(http, "agent1", "secret-agent1"),
            true);
        List<TestServer.Visitor> visitors = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          TestServer.Visitor v = askForPerson(first);
          v.ws().take("assigned");
          agent.take("assigned", f -> v.conversationId().equals(f.get("conversationId").asText()));
          // The system line "agent joined" is written after the assigned state: once seen, both are durable.
          v.ws().message("system");
          visitors.add(v);
        }
        // agent1 is full: the next three wait, in order.
        for (int i = 1; i <= 3; i++) {
          TestServer.Visitor v = askForPerson(first);
          assertEquals(i, v.ws().take("queued").get("position").asInt());
          visitors.add(v);
        }
        // The journal commits in order: the last visitor's acknowledged message means every earlier state is durable.
        TestServer.Visitor last = visitors.get(4);
        last.ws().send(obj("type", "send", "clientId", "before-kill", "text", "还要等多久？"));
        last.ws().take("ack");
        first.kill();
        for (int i = 0; i < visitors.size(); i++) {
          TestServer.Visitor v = visitors.get(i);
          Seen seen = new Seen(v.token(), v.conversationId(), lastSeq(v.ws()));
          (i < 2 ? assigned : queued).add(seen);
          v.ws().abort();
        }
        agent.abort();
      }

      try (ServerProcess second = ServerProcess.start(env)) {
        long restarted = System.nanoTime();
        // The agent comes back within the grace period and is told again of the two chats it holds.
        WsClient agent = TestServer.agentAt(second.ws("/ws/agent"),
            TestServer.login(second.http(), "agent1", "secret-agent1"), false);
        Set<String> resumed = new HashSet<>();
        for (int i = 0; i < 2; i++) {
          ObjectNode a = agent.take("assigned");
          assertEquals("resumed", a.get("reason").asText());
          resumed.add(a.get("conversationId").asText());
        }
        assertEquals(Set.of(assigned.get(0).conversationId(), assigned.get(1).conversationId()), resumed);
        agent.send(obj("type", "status", "status", "online"));
        agent.take("done", f -> "status".equals(f.path("for").asText()));

        List<TestServer.Visitor> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          Seen s = queued.get(i);
          TestServer.Visitor v = TestServer.visitorAt(second.ws("/ws/visitor"), s.token(), s.lastSeq());
          assertEquals(s.conversationId(), v.conversationId(), "the same conversation");
          assertEquals(i + 1, v.ws().take("queued").get("position").asInt(), "the same place in the queue");
          waiting.add(v);
        }
        List<TestServer.Visitor> served = new ArrayList<>();
        for (Seen s : assigned) {
          TestServer.Visitor v = TestServer.visitorAt(second.ws("/ws/visitor"), s.token(), s.lastSeq());
          assertEquals("Agent agent1", v.ws().take("assigned").get("agent").get("name").asText());
          served.add(v);
        }

        // Past the grace period: the agent, back in time, keeps its chats, and the queue was not released.
        long graceLeftMs = GRACE_SECONDS * 1000L + 1000 - (System.nanoTime() - restarted) / 1_000_000;
        Thread.sleep(Math.max(0, graceLeftMs));
        assertTrue(agent.pending("revoked").isEmpty(), "nothing taken back: " + agent.pending("revoked"));
        assertTrue(agent.pending("assigned").isEmpty(), "nothing assigned twice or above capacity: "
            + agent.pending("assigned"));
        for (TestServer.Visitor v : waiting) {
          assertTrue(v.ws().pending("no_agent").isEmpty() && v.ws().pending("assigned").isEmpty(),
              "still waiting: " + v.ws().history());
        }

        // A slot frees: the head of the queue is served, the others move up.
        String closing = assigned.get(0).conversationId();
        agent.send(obj("type", "close", "conversationId", closing));
        agent.take("closed", f -> closing.equals(f.get("conversationId").asText()));
        ObjectNode next = agent.take("assigned");
        assertEquals(queued.get(0).conversationId(), next.get("conversationId").asText(), "first come, first served");
        waiting.get(0).ws().take("assigned");
        assertEquals(1, waiting.get(1).ws().take("queued", f -> f.get("position").asInt() == 1).get("position").asInt());
        assertEquals(2, waiting.get(2).ws().take("queued", f -> f.get("position").asInt() == 2).get("position").asInt());
        Thread.sleep(300);
        assertTrue(agent.pending("assigned").isEmpty(), "only the freed slot is filled");
        assertTrue(waiting.get(1).ws().pending("assigned").isEmpty() && waiting.get(2).ws().pending("assigned").isEmpty());
        waiting.forEach(TestServer.Visitor::close);
        served.forEach(TestServer.Visitor::close);
        agent.close();
      }
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }
}
