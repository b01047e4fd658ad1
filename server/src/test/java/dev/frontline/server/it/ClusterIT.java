package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several processes on one PostgreSQL and one Redis are one service (CONTRACT section 10): each
 * test has its own schema and its own {@code FRONTLINE_CLUSTER} prefix, and its members are real
 * server processes.
 */
@Tag("postgres-only")
class ClusterIT {
  static final String REDIS = System.getProperty("frontline.test.redis", "redis://127.0.0.1:6379");

  private final List<Path> dirs = new ArrayList<>();
  private final List<ServerProcess> members = new ArrayList<>();

  /** The environment of one cluster: one fresh schema, one prefix ({@code dir}: the first member's data). */
  static Map<String, String> clusterEnv(Path dir) {
    Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
    env.put("FRONTLINE_REDIS_URL", REDIS);
    env.put("FRONTLINE_CLUSTER", "t-" + UUID.randomUUID().toString().substring(0, 8));
    env.put("FRONTLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    env.put("FRONTLINE_BOT_DENSE", "0");
    return env;
  }

  private Map<String, String> clusterEnv() throws Exception {
    Path dir = Files.createTempDirectory("frontline-cluster");
    dirs.add(dir);
    return clusterEnv(dir);
  }

  /** Starts a member with its own data directory. */
  private ServerProcess member(Map<String, String> clusterEnv) throws Exception {
    Path dir = Files.createTempDirectory("frontline-member");
    dirs.add(dir);
    Map<String, String> env = new HashMap<>(clusterEnv);
    env.put("FRONTLINE_DATA", dir.toString());
    ServerProcess p = ServerProcess.start(env);
    members.add(p);
    return p;
  }

  @AfterEach
  void stop() {
    for (ServerProcess p : members) {
      p.close();
    }
    for (Path d : dirs) {
      TestServer.deleteQuietly(d);
    }
  }

  private static boolean leads(ServerProcess p) throws InterruptedException {
    String out = p.output();
    return out.contains("event=cluster.leader_ready") && !out.contains("event=cluster.step_down");
  }

  @Test
  void visitorOnOneMember_agentOnAnother_chatBothWays_withTypingWatchWhisperAndTakeover() throws Exception {
    Map<String, String> env = clusterEnv();
    ServerProcess a = member(env);
    ServerProcess b = member(env);
    assertTrue(leads(a) ^ leads(b), "exactly one member leads:\n" + a.output() + "\n----\n" + b.output());
    for (ServerProcess[] pair : new ServerProcess[][] {{a, b}, {b, a}}) {
      ServerProcess visitorSide = pair[0];
      ServerProcess agentSide = pair[1];
      String token = TestServer.login(agentSide.http(), "agent1", TestServer.DEMO_PASSWORD);
      try (WsClient agent = TestServer.agentAt(agentSide.ws("/ws/agent"), token, true);
          WsClient boss = TestServer.agentAt(visitorSide.ws("/ws/agent"),
              TestServer.login(visitorSide.http(), "supervisor", TestServer.DEMO_PASSWORD), false)) {
        WsClient v = WsClient.connect(visitorSide.ws("/ws/visitor"));
        v.send(obj("type", "hello", "token", null, "lastSeq", 0));
        String conv = v.take("welcome").get("conversationId").asText();
        v.send(obj("type", "human", "group", "consult"));
        v.take("assigned");
        assertEquals(conv, agent.take("assigned").get("conversationId").asText());

        v.send(obj("type", "send", "clientId", "v1", "text", "我的宽带断了"));
        int seq = v.take("ack", f -> "v1".equals(f.path("clientId").asText())).get("seq").asInt();
        ObjectNode atAgent = agent.take("message", f -> "我的宽带断了".equals(f.path("text").asText()));
        assertEquals(seq, atAgent.get("seq").asInt(), "one seq, whichever process each side is on");

        agent.send(obj("type", "send", "conversationId", conv, "clientId", "a1", "text", "请稍等，我查一下"));
        agent.take("ack", f -> "a1".equals(f.path("clientId").asText()));
        assertEquals("请稍等，我查一下", v.message("agent").get("text").asText());

        v.send(obj("type", "typing", "text", "地址是"));
        assertEquals("地址是", agent.take("typing", f -> "地址是".equals(f.path("text").asText())).get("text").asText());

        boss.send(obj("type", "watch", "conversationId", conv));
        assertEquals("watch", boss.take("done").get("for").asText());
        v.send(obj("type", "send", "clientId", "v2", "text", "还要多久"));
        assertTrue(boss.take("message", f -> "还要多久".equals(f.path("text").asText())).get("watching").asBoolean());
        boss.send(obj("type", "whisper", "conversationId", conv, "text", "先安抚客户"));
        assertEquals("先安抚客户", agent.take("whisper").get("text").asText());
        assertTrue(v.history().stream().noneMatch(f -> f.toString().contains("先安抚客户")), "no whisper reaches the visitor");

        // The supervisor's list, read through the other member, is the whole cluster's.
        String supervisor = TestServer.login(agentSide.http(), "supervisor", TestServer.DEMO_PASSWORD);
        JsonNode assigned = agentSide.http().get("/api/conversations?state=assigned", supervisor).json().get("conversations");
        assertTrue(assigned.toString().contains(conv), "the conversation is in the list of either member: " + assigned);

        if (pair[0] == a) {
          boss.send(obj("type", "takeover", "conversationId", conv));
          assertEquals(conv, boss.take("assigned").get("conversationId").asText());
          assertEquals(conv, agent.take("revoked").get("conversationId").asText());
          boss.send(obj("type", "send", "conversationId", conv, "clientId", "b1", "text", "我是主管，我来处理"));
          assertEquals("我是主管，我来处理", v.message("agent").get("text").asText());
          boss.send(obj("type", "close", "conversationId", conv));
        } else {
          agent.send(obj("type", "close", "conversationId", conv));
        }
        v.take("closed");
        v.close();
      }
    }
  }

  @Test
  void sigkillOfTheVisitorsMember_theVisitorResumesOnAnother_withNothingLostOrDoubled() throws Exception {
    Map<String, String> env = clusterEnv();
    ServerProcess a = member(env);
    ServerProcess b = member(env);
    // The visitor is on the leader: its death also moves the conversations to the other member.
    ServerProcess doomed = leads(a) ? a : b;
    ServerProcess survivor = doomed == a ? b : a;
    WsClient agent = TestServer.agentAt(survivor.ws("/ws/agent"),
        TestServer.login(survivor.http(), "agent1", TestServer.DEMO_PASSWORD), true);
    WsClient v = WsClient.connect(doomed.ws("/ws/visitor"));
    v.send(obj("type", "hello", "token", null, "lastSeq", 0));
    JsonNode welcome = v.take("welcome");
    String conv = welcome.get("conversationId").asText();
    String token = welcome.get("token").asText();
    v.send(obj("type", "human", "group", "consult"));
    v.take("assigned");
    agent.take("assigned");
    Map<String, Integer> acked = new LinkedHashMap<>();
    for (int i = 0; i < 15; i++) {
      v.send(obj("type", "send", "clientId", "k" + i, "text", "before the kill " + i));
    }
    for (int i = 0; i < 15; i++) {
      String id = "k" + i;
      acked.put(id, v.take("ack", f -> id.equals(f.path("clientId").asText())).get("seq").asInt());
    }
    int lastSeq = acked.get("k14");

    doomed.kill();
    assertEquals(1012, agent.awaitClose(Duration.ofSeconds(15)), "the agent's member drops its relayed sockets");

    // The widget reconnects with its token and lastSeq, to whichever member answers.
    WsClient again = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode back = null;
    while (back == null && System.nanoTime() < deadline) {
      try {
        again = WsClient.connect(survivor.ws("/ws/visitor"));
        again.send(obj("type", "hello", "token", token, "lastSeq", 0));
        back = again.take("welcome");
      } catch (AssertionError | RuntimeException notYet) {
        Thread.sleep(300);
      }
    }
    assertTrue(back != null, "the visitor is welcomed by the surviving member:\n" + survivor.output());
    assertEquals(conv, back.get("conversationId").asText(), "the same conversation");
    for (int i = 0; i < 15; i++) {
      again.send(obj("type", "send", "clientId", "k" + i, "text", "before the kill " + i));
    }
    for (int i = 0; i < 15; i++) {
      String id = "k" + i;
      assertEquals(acked.get(id), again.take("ack", f -> id.equals(f.path("clientId").asText())).get("seq").asInt(),
          "a resend is acknowledged with the first seq, never stored twice");
    }
    again.send(obj("type", "send", "clientId", "after", "text", "after the kill"));
    assertTrue(again.take("ack", f -> "after".equals(f.path("clientId").asText())).get("seq").asInt() > lastSeq);

    String admin = TestServer.login(survivor.http(), "admin", TestServer.ADMIN_PASSWORD);
    JsonNode stored = survivor.http().get("/api/conversations/" + conv, admin).json();
    Map<String, Integer> once = Outages.storedOnce(stored);
    for (Map.Entry<String, Integer> e : acked.entrySet()) {
      assertEquals(e.getValue(), once.get(e.getKey()), "acked " + e.getKey() + " stored once with its seq");
    }
    again.close();
  }

  @Test
  void sigkillOfTheAgentsMember_theAgentResumesElsewhere_andAChatWhoseAgentDoesNotComeBackIsServedAfterTheGrace()
      throws Exception {
    Map<String, String> env = clusterEnv();
    env.put("FRONTLINE_AGENT_GRACE_SECONDS", "3");
    ServerProcess a = member(env);
    ServerProcess b = member(env);
    ServerProcess c = member(env);
    ServerProcess leader = leads(a) ? a : leads(b) ? b : c;
    List<ServerProcess> others = new ArrayList<>(List.of(a, b, c));
    others.remove(leader);
    ServerProcess first = others.get(0);
    ServerProcess second = others.get(1);

    // agent1 on one non-leading member, agent2 on the other; a visitor for each, on the leader.
    WsClient agent1 = TestServer.agentAt(first.ws("/ws/agent"),
        TestServer.login(first.http(), "agent1", TestServer.DEMO_PASSWORD), true);
    String token1 = TestServer.login(leader.http(), "agent1", TestServer.DEMO_PASSWORD);
    WsClient v1 = visitorAsking(leader, "query");
    String conv1 = agent1.take("assigned").get("conversationId").asText();
    WsClient agent2 = TestServer.agentAt(second.ws("/ws/agent"),
        TestServer.login(second.http(), "agent2", TestServer.DEMO_PASSWORD), true);
    WsClient v2 = visitorAsking(leader, "shopping");
    String conv2 = agent2.take("assigned").get("conversationId").asText();

    first.kill();
    second.kill();
    // agent1 comes back at once, on the leader; agent2 never does.
    WsClient back = TestServer.agentAt(leader.ws("/ws/agent"), token1, false);
    ObjectNode resumed = back.take("assigned", f -> conv1.equals(f.path("conversationId").asText()));
    assertEquals("resumed", resumed.path("reason").asText(), resumed.toString());
    v1.send(obj("type", "send", "clientId", "r1", "text", "你还在吗"));
    back.take("message", f -> "你还在吗".equals(f.path("text").asText()));

    // agent2's chat goes back to its queue once the member is known gone and the grace is over;
    // agent1 is not in shopping, so it waits until an agent of the group is there.
    WsClient agent3 = TestServer.agentAt(leader.ws("/ws/agent"),
        TestServer.login(leader.http(), "agent3", TestServer.DEMO_PASSWORD), true);
    ObjectNode moved = agent3.take(f -> "assigned".equals(f.path("type").asText())
        && conv2.equals(f.path("conversationId").asText()), Duration.ofSeconds(20), "agent2's chat");
    assertTrue(moved.path("history").size() > 0, "with its history: " + moved);
    v2.close();
    v1.close();
  }

  private static WsClient visitorAsking(ServerProcess p, String group) {
    WsClient v = WsClient.connect(p.ws("/ws/visitor"));
    v.send(obj("type", "hello", "token", null, "lastSeq", 0));
    v.take("welcome");
    v.send(obj("type", "human", "group", group));
    return v;
  }

  @Test
  void redisRestartedMidChat_healthz503ThenBack_andTheChatGoesOnAfterTheReconnect() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start()) {
      Map<String, String> env = clusterEnv();
      env.put("FRONTLINE_REDIS_URL", redis.url());
      ServerProcess a = member(env);
      ServerProcess b = member(env);
      ServerProcess visitorSide = leads(a) ? b : a;
      WsClient agent = TestServer.agentAt(a.ws("/ws/agent"), TestServer.login(a.http(), "agent1", TestServer.DEMO_PASSWORD),
          true);
      WsClient v = WsClient.connect(visitorSide.ws("/ws/visitor"));
      v.send(obj("type", "hello", "token", null, "lastSeq", 0));
      JsonNode welcome = v.take("welcome");
      String token = welcome.get("token").asText();
      String conv = welcome.get("conversationId").asText();
      v.send(obj("type", "human", "group", "consult"));
      agent.take("assigned");
      v.send(obj("type", "send", "clientId", "r0", "text", "before redis stops"));
      int seq0 = v.take("ack", f -> "r0".equals(f.path("clientId").asText())).get("seq").asInt();

      redis.kill();
      assertEquals(1012, v.awaitClose(Duration.ofSeconds(15)), "the relayed sockets are closed: no silent loss");
      awaitHealth(visitorSide, 503, Duration.ofSeconds(15));
      redis.restart();
      awaitHealth(visitorSide, 200, Duration.ofSeconds(30));
      awaitHealth(a, 200, Duration.ofSeconds(30));

      WsClient again = WsClient.connect(visitorSide.ws("/ws/visitor"));
      again.send(obj("type", "hello", "token", token, "lastSeq", seq0));
      assertEquals(conv, again.take("welcome").get("conversationId").asText());
      WsClient agentAgain = TestServer.agentAt(a.ws("/ws/agent"),
          TestServer.login(a.http(), "agent1", TestServer.DEMO_PASSWORD), true);
      again.send(obj("type", "send", "clientId", "r1", "text", "after redis is back"));
      int seq1 = again.take("ack", f -> "r1".equals(f.path("clientId").asText())).get("seq").asInt();
      assertTrue(seq1 > seq0);
      agentAgain.take("message", f -> "after redis is back".equals(f.path("text").asText()));
      String out = visitorSide.output();
      assertTrue(out.contains("event=health.lost check=redis") && out.contains("event=health.restored check=redis"), out);
    }
  }

  private static void awaitHealth(ServerProcess p, int status, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = p.http().get("/healthz", null).status();
      } catch (RuntimeException e) {
        last = -2;
      }
      if (last == status) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("/healthz stayed " + last + ", not " + status);
  }
}
