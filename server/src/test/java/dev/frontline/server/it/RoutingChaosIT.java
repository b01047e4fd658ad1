package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Many visitors and agents going on and off line at random: nothing is assigned to two agents,
 * no agent ever holds more than its maximum, and once agents are back nobody is left waiting.
 */
class RoutingChaosIT {
  private static final int AGENTS = 6;
  private static final int VISITORS = 40;

  /** What an agent holds, as its own frames tell it, across its reconnections. */
  private static final class Held {
    final Set<String> chats = new HashSet<>();
    int max;
    int peak;
    int seen;
  }

  private static void replay(WsClient ws, Held held) {
    List<ObjectNode> frames = ws.history();
    for (int i = held.seen; i < frames.size(); i++) {
      ObjectNode f = frames.get(i);
      String type = f.path("type").asText();
      String conv = f.path("conversationId").asText();
      switch (type) {
        case "assigned" -> held.chats.add(conv);
        case "revoked", "closed" -> held.chats.remove(conv);
        default -> { }
      }
      held.peak = Math.max(held.peak, held.chats.size());
    }
    held.seen = frames.size();
  }

  @Test
  void randomPresenceChurn_nothingAssignedTwice_neverAboveCapacity_nobodyWaitsForever() throws Exception {
    try (TestServer server = TestServer.start(Map.of("FRONTLINE_DEMO", "0", "FRONTLINE_AGENT_GRACE_SECONDS", "1"))) {
      Random random = new Random(20261124L);
      Map<String, Held> held = new HashMap<>();
      Map<String, WsClient> sockets = new HashMap<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        String name = "chaos" + i;
        int max = 1 + i % 3;
        server.createUser(name, List.of("agent"), List.of("consult"), max);
        names.add(name);
        Held h = new Held();
        h.max = max;
        held.put(name, h);
        sockets.put(name, server.agent(name, "secret-" + name, true));
      }
      List<TestServer.Visitor> visitors = new ArrayList<>();
      for (int i = 0; i < VISITORS; i++) {
        TestServer.Visitor v = server.visitor();
        v.ws().send(obj("type", "human"));
        visitors.add(v);
      }
      for (int step = 0; step < 120; step++) {
        String name = names.get(random.nextInt(AGENTS));
        WsClient ws = sockets.get(name);
        Held h = held.get(name);
        replay(ws, h);
        switch (random.nextInt(6)) {
          case 0 -> ws.send(obj("type", "status", "status", "away"));
          case 1 -> ws.send(obj("type", "status", "status", "online"));
          case 2 -> {
            ws.abort();
            sockets.put(name, server.agent(name, "secret-" + name, random.nextBoolean()));
            // The new connection is told again (assigned, reason resumed) of every chat still held.
            h.seen = 0;
            h.chats.clear();
          }
          default -> {
            if (!h.chats.isEmpty()) {
              String conv = h.chats.iterator().next();
              ws.send(obj("type", "close", "conversationId", conv));
            }
          }
        }
        if (random.nextInt(8) == 0) {
          TestServer.Visitor v = visitors.get(random.nextInt(visitors.size()));
          v.ws().send(obj("type", "human"));
        }
        Thread.sleep(random.nextInt(40));
      }
      // Everyone back online; agents keep closing what they hold until nobody waits.
      for (String name : names) {
        WsClient ws = sockets.get(name);
        if (!ws.open()) {
          ws = server.agent(name, "secret-" + name, true);
          sockets.put(name, ws);
          held.get(name).seen = 0;
          held.get(name).chats.clear();
        } else {
          ws.send(obj("type", "status", "status", "online"));
        }
      }
      String admin = server.admin();
      long deadline = System.currentTimeMillis() + 30_000;
      while (true) {
        for (String name : names) {
          WsClient ws = sockets.get(name);
          Held h = held.get(name);
          replay(ws, h);
          assertTrue(h.peak <= h.max, name + " held " + h.peak + " chats, its maximum is " + h.max);
          for (String conv : new ArrayList<>(h.chats)) {
            ws.send(obj("type", "close", "conversationId", conv));
          }
        }
        Set<String> seen = new HashSet<>();
        for (Held h : held.values()) {
          for (String c : h.chats) {
            assertTrue(seen.add(c), "conversation " + c + " is held by two agents");
          }
        }
        JsonNode open = server.http.get("/api/conversations?state=queued&limit=500", admin).json().get("conversations");
        if (open.isEmpty()) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          fail(open.size() + " conversations still waiting with every agent online: " + open);
        }
        Thread.sleep(200);
      }
      for (TestServer.Visitor v : visitors) {
        JsonNode c = server.http.get("/api/conversations/" + v.conversationId(), admin).json();
        if (c.has("state")) {
          assertTrue(!"queued".equals(c.get("state").asText()), "nobody is left waiting: " + c.get("state"));
        }
        v.close();
      }
      sockets.values().forEach(WsClient::close);
      assertEquals(0, server.http.get("/api/conversations?state=queued", admin).json().get("conversations").size());
    }
  }
}
