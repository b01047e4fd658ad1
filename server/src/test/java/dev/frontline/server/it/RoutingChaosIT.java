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
 * Many visitors and agents going on and off line at random, visitors dropping their connection
 * and resuming it: no conversation is ever held by two agents (checked at every {@code assigned},
 * against the holders of the moment), no agent ever holds more than its maximum, a resumed
 * visitor misses no message and gets none twice, and once agents are back nobody is left waiting.
 *
 * <p>The run is decided by a seed: {@code -Dchaos.seed=N} replays one (a failure prints it).
 */
class RoutingChaosIT {
  private static final long DEFAULT_SEED = 20261124L;
  private static final int AGENTS = 6;
  private static final int VISITORS = 40;
  private static final int STEPS = 200;
  private static final long GRACE_MS = 1000;
  /** How long an agent that lost a chat may take to be told so after another agent got it. */
  private static final long REVOKE_SLACK_MS = 500;

  /** What an agent holds, as its own frames tell it, across its reconnections. */
  private static final class Held {
    final String name;
    final Set<String> chats = new HashSet<>();
    WsClient ws;
    int max;
    int peak;
    int seen;
    /** While the agent is away without a connection: since when ({@link System#nanoTime}), and until when. */
    long downSince = -1;
    long backAt;

    Held(String name) {
      this.name = name;
    }
  }

  /** A visitor, as its frames tell it, across its reconnections. */
  private static final class Guest {
    TestServer.Visitor v;
    String conversationId;
    int lastSeq;
    /** Where this connection's replay must start for the welcome's conversation (1 for another one). */
    int expectFirst = 1;

    Guest(TestServer.Visitor v) {
      this.v = v;
      this.conversationId = v.conversationId();
    }
  }

  /** Who holds each conversation right now, as the agents' frames tell it. */
  private final Map<String, Held> holders = new HashMap<>();
  private final Map<String, Held> agents = new HashMap<>();
  /** What the run went through, printed at the end: a check that never ran proves nothing. */
  private int assignments;
  private int movedAfterGrace;
  private int resumes;
  private int drops;

  @Test
  void randomPresenceAndConnectionChurn_nothingAssignedTwice_neverAboveCapacity_noMessageLost_nobodyWaitsForever()
      throws Exception {
    long seed = Long.getLong("chaos.seed", DEFAULT_SEED);
    try {
      run(seed);
    } catch (AssertionError e) {
      throw new AssertionError(getClass().getSimpleName() + " failed with seed " + seed + " (replay it with -Dchaos.seed=" + seed
          + "): " + e.getMessage(), e);
    }
  }

  /** Where the run goes: one server here, a cluster in {@link ClusterChaosIT}. */
  interface Target extends AutoCloseable {
    void createUser(String name, int maxChats);

    /** A console of {@code name} (password {@code secret-<name>}), online when asked. */
    WsClient agent(String name, boolean online);

    TestServer.Visitor visitor(String token, int lastSeq);

    String admin();

    Http http();

    @Override
    void close();
  }

  /** One server in this JVM. */
  protected Target start(Map<String, String> env, Random random) {
    TestServer server = TestServer.start(env);
    return new Target() {
      @Override
      public void createUser(String name, int maxChats) {
        server.createUser(name, List.of("agent"), List.of("consult"), maxChats);
      }

      @Override
      public WsClient agent(String name, boolean online) {
        return server.agent(name, "secret-" + name, online);
      }

      @Override
      public TestServer.Visitor visitor(String token, int lastSeq) {
        return server.visitor(token, lastSeq);
      }

      @Override
      public String admin() {
        return server.admin();
      }

      @Override
      public Http http() {
        return server.http;
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  private void run(long seed) throws Exception {
    Random random = new Random(seed);
    try (Target server = start(Map.of("FRONTLINE_DEMO", "0", "FRONTLINE_AGENT_GRACE_SECONDS", "" + GRACE_MS / 1000),
        new Random(seed + 1))) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        String name = "chaos" + i;
        Held h = new Held(name);
        h.max = 1 + i % 3;
        server.createUser(name, h.max);
        h.ws = server.agent(name, true);
        names.add(name);
        agents.put(name, h);
      }
      List<Guest> guests = new ArrayList<>();
      for (int i = 0; i < VISITORS; i++) {
        TestServer.Visitor v = server.visitor(null, 0);
        v.ws().send(obj("type", "human"));
        guests.add(new Guest(v));
      }
      for (int step = 0; step < STEPS; step++) {
        replayAll();
        for (Held away : agents.values()) {
          if (away.downSince >= 0 && System.nanoTime() >= away.backAt) {
            reconnect(server, away, random.nextBoolean());
          }
        }
        Held h = agents.get(names.get(random.nextInt(AGENTS)));
        if (h.downSince < 0) {
          act(server, h, random);
        }
        int roll = random.nextInt(8);
        if (roll < 2) {
          resume(server, guests.get(random.nextInt(guests.size())));
        } else if (roll == 2) {
          guests.get(random.nextInt(guests.size())).v.ws().send(obj("type", "human"));
        }
        Thread.sleep(random.nextInt(40));
      }
      // Everyone back online; agents keep closing what they hold until nobody waits.
      for (String name : names) {
        Held h = agents.get(name);
        if (h.downSince >= 0 || !h.ws.open()) {
          reconnect(server, h, true);
        } else {
          h.ws.send(obj("type", "status", "status", "online"));
        }
      }
      String admin = server.admin();
      long deadline = System.currentTimeMillis() + 30_000;
      while (true) {
        replayAll();
        for (Held h : agents.values()) {
          for (String conv : new ArrayList<>(h.chats)) {
            h.ws.send(obj("type", "close", "conversationId", conv));
          }
        }
        JsonNode open = server.http().get("/api/conversations?state=queued&limit=500", admin).json().get("conversations");
        if (open.isEmpty()) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          fail(open.size() + " conversations still waiting with every agent online: " + open);
        }
        Thread.sleep(200);
      }
      replayAll();
      for (Guest g : guests) {
        checkReplay(g);
        JsonNode c = server.http().get("/api/conversations/" + g.v.conversationId(), admin).json();
        if (c.has("state")) {
          assertTrue(!"queued".equals(c.get("state").asText()), "nobody is left waiting: " + c.get("state"));
        }
        g.v.close();
      }
      agents.values().forEach(h -> h.ws.close());
      assertEquals(0, server.http().get("/api/conversations?state=queued", admin).json().get("conversations").size());
      System.out.printf(getClass().getSimpleName() + " seed %d: %d assignments checked, %d chats moved to another agent after a grace"
          + " period, %d agent connections dropped, %d visitor resumes%n", seed, assignments, movedAfterGrace, drops,
          resumes);
      assertTrue(movedAfterGrace > 0, "the run moved no chat between agents: the two-holder check was idle");
      assertTrue(resumes > 0);
    }
  }

  /** One random move of a connected agent: away, online, a dropped connection, or closing a chat. */
  private void act(Target server, Held h, Random random) {
    switch (random.nextInt(6)) {
      case 0 -> h.ws.send(obj("type", "status", "status", "away"));
      case 1 -> h.ws.send(obj("type", "status", "status", "online"));
      case 2 -> {
        if (random.nextBoolean()) {
          reconnect(server, h, random.nextBoolean());
        } else {
          // Gone for a while: back within the grace period or after it (its chats then go to others).
          drop(h, 300 + random.nextInt(2200));
        }
      }
      default -> {
        if (!h.chats.isEmpty()) {
          h.ws.send(obj("type", "close", "conversationId", h.chats.iterator().next()));
        }
      }
    }
  }

  /** The agent loses its connection and stays away for {@code ms}. */
  private void drop(Held h, long ms) {
    replay(h);
    h.ws.abort();
    h.downSince = System.nanoTime();
    h.backAt = h.downSince + ms * 1_000_000;
    drops++;
  }

  /** The agent drops its connection (no close handshake) and comes back at once, online or not. */
  private void reconnect(Target server, Held h, boolean online) {
    if (h.downSince < 0) {
      replay(h);
      h.ws.abort();
      drops++;
    }
    h.downSince = -1;
    // The new connection is told again (assigned, reason resumed) of every chat still held.
    h.chats.forEach(c -> holders.remove(c, h));
    h.chats.clear();
    h.ws = server.agent(h.name, online);
    h.seen = 0;
  }

  /** The visitor drops its connection and resumes with its token and the last seq it saw. */
  private void resume(Target server, Guest g) {
    resumes++;
    checkReplay(g);
    g.v.ws().abort();
    TestServer.Visitor back = server.visitor(g.v.token(), g.lastSeq);
    assertEquals(g.v.visitorId(), back.visitorId(), "the same visitor");
    boolean same = back.conversationId().equals(g.conversationId);
    g.expectFirst = same ? g.lastSeq + 1 : 1;
    g.v = back;
    g.conversationId = back.conversationId();
    if (!same) {
      g.lastSeq = 0;
    }
  }

  /**
   * The messages of the visitor's current connection: per conversation, each seq once and none
   * skipped, the welcome's conversation starting right after the seq the visitor resumed from.
   */
  private static void checkReplay(Guest g) {
    Map<String, Integer> last = new HashMap<>();
    String welcomeConv = g.v.conversationId();
    g.conversationId = welcomeConv;
    for (ObjectNode f : g.v.ws().history()) {
      String type = f.path("type").asText();
      if ("conversation".equals(type)) {
        g.conversationId = f.get("conversationId").asText();
        g.lastSeq = 0;
      } else if ("message".equals(type)) {
        String conv = f.get("conversationId").asText();
        int seq = f.get("seq").asInt();
        Integer before = last.get(conv);
        int expected = before != null ? before + 1 : conv.equals(welcomeConv) ? g.expectFirst : 1;
        assertEquals(expected, seq, "visitor " + g.v.visitorId() + ", conversation " + conv + ": no gap, no double");
        last.put(conv, seq);
        if (conv.equals(g.conversationId)) {
          g.lastSeq = seq;
        }
      }
    }
  }

  private void replayAll() throws InterruptedException {
    for (Held h : agents.values()) {
      replay(h);
    }
  }

  /** Takes in the agent's new frames in order; an {@code assigned} is checked against the current holders. */
  private void replay(Held held) {
    List<ObjectNode> frames = held.ws.history();
    for (; held.seen < frames.size(); held.seen++) {
      ObjectNode f = frames.get(held.seen);
      String conv = f.path("conversationId").asText();
      switch (f.path("type").asText()) {
        case "assigned" -> {
          assignments++;
          Held other = holders.get(conv);
          if (other != null && other != held) {
            if (other.downSince >= 0 && System.nanoTime() - other.downSince >= GRACE_MS * 1_000_000) {
              // Its connection is gone and so is its grace period: the chat went back to the queue (it cannot be told).
              movedAfterGrace++;
            } else if (!toldItLost(other, conv)) {
              fail("conversation " + conv + " assigned to " + held.name + " while " + other.name + " still holds it"
                  + (other.downSince >= 0 ? " (within its grace period)" : ""));
            }
          }
          holders.put(conv, held);
          held.chats.add(conv);
        }
        case "revoked", "closed" -> {
          holders.remove(conv, held);
          held.chats.remove(conv);
        }
        default -> { }
      }
      held.peak = Math.max(held.peak, held.chats.size());
      assertTrue(held.peak <= held.max, held.name + " held " + held.peak + " chats, its maximum is " + held.max);
    }
  }

  /**
   * Whether {@code holder}'s connection says (already, or within {@link #REVOKE_SLACK_MS}: the
   * server tells the loser before the winner, but on another socket) that it lost {@code conv}.
   */
  private static boolean toldItLost(Held holder, String conv) {
    long deadline = System.currentTimeMillis() + REVOKE_SLACK_MS;
    do {
      List<ObjectNode> frames = holder.ws.history();
      for (int i = holder.seen; i < frames.size(); i++) {
        ObjectNode f = frames.get(i);
        String type = f.path("type").asText();
        if (("revoked".equals(type) || "closed".equals(type)) && conv.equals(f.path("conversationId").asText())) {
          return true;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    } while (System.currentTimeMillis() < deadline);
    return false;
  }
}
