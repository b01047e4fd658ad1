package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hand-off, queue positions, least-loaded assignment, capacity, grace period, transfer and supervision. */
class RoutingIT {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0", "FRONTLINE_AGENT_GRACE_SECONDS", "1"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private WsClient agent(String name) {
    return server.agent(name, "secret-" + name, true);
  }

  private TestServer.Visitor askForPerson() {
    TestServer.Visitor v = server.visitor();
    v.ws().send(obj("type", "human", "group", "consult"));
    return v;
  }

  @Test
  void leastLoadedFirst_neverAboveCapacity_thenQueueWithPositions() {
    server.createUser("a1", List.of("agent"), List.of("consult"), 2);
    server.createUser("a2", List.of("agent"), List.of("consult"), 1);
    try (WsClient a1 = agent("a1"); WsClient a2 = agent("a2")) {
      List<TestServer.Visitor> visitors = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        TestServer.Visitor v = askForPerson();
        v.ws().take("assigned");
        visitors.add(v);
      }
      a1.take("assigned");
      a1.take("assigned");
      ObjectNode a2chat = a2.take("assigned");
      assertTrue(a1.pending("assigned").isEmpty() && a2.pending("assigned").isEmpty(), "never above capacity");
      TestServer.Visitor fourth = askForPerson();
      assertEquals(1, fourth.ws().take("queued").get("position").asInt());
      TestServer.Visitor fifth = askForPerson();
      assertEquals(2, fifth.ws().take("queued").get("position").asInt());

      // a2 closes its chat: the head of the queue goes to a2, the fifth moves up.
      a2.send(obj("type", "close", "conversationId", a2chat.get("conversationId").asText()));
      a2.take("closed");
      fourth.ws().take("assigned");
      assertEquals(1, fifth.ws().take("queued", f -> f.get("position").asInt() == 1).get("position").asInt());
      assertEquals(fourth.conversationId(), a2.take("assigned").get("conversationId").asText());
      visitors.forEach(TestServer.Visitor::close);
      fourth.close();
      fifth.close();
    }
  }

  @Test
  void visitorClosingWhileQueued_leavesTheQueue_andOthersMoveUp() {
    server.createUser("solo", List.of("agent"), List.of("consult"), 1);
    try (WsClient solo = agent("solo"); TestServer.Visitor first = askForPerson()) {
      first.ws().take("assigned");
      TestServer.Visitor second = askForPerson();
      TestServer.Visitor third = askForPerson();
      assertEquals(2, third.ws().take("queued").get("position").asInt());
      second.ws().send(obj("type", "close"));
      second.ws().take("closed");
      assertEquals(1, third.ws().take("queued", f -> f.get("position").asInt() == 1).get("position").asInt());
      second.close();
      third.close();
    }
  }

  @Test
  void agentLosingItsConnection_keepsChatsForTheGracePeriod_thenTheyGoBackToTheQueueHead() throws Exception {
    server.createUser("flaky", List.of("agent"), List.of("consult"), 3);
    server.createUser("steady", List.of("agent"), List.of("consult"), 0);
    WsClient flaky = agent("flaky");
    TestServer.Visitor v = askForPerson();
    v.ws().take("assigned");
    ObjectNode chat = flaky.take("assigned");
    flaky.abort();
    // Reconnect within the grace period: the chat is still ours and is given back.
    WsClient back = agent("flaky");
    assertEquals(chat.get("conversationId").asText(), back.take("assigned").get("conversationId").asText());
    back.send(obj("type", "send", "conversationId", chat.get("conversationId").asText(), "clientId", "c1", "text", "还在"));
    back.take("ack");
    try (WsClient steady = agent("steady")) {
      // steady has no room (maxChats 0), so after the grace period the visitor waits at the head.
      back.abort();
      ObjectNode queued = v.ws().take(f -> "queued".equals(f.path("type").asText()), Duration.ofSeconds(10),
          "requeue after grace");
      assertEquals(1, queued.get("position").asInt());
      String admin = server.admin();
      Http.Res u = server.http.get("/api/users", admin);
      long steadyId = 0;
      for (var n : u.json().get("users")) {
        if ("steady".equals(n.get("username").asText())) {
          steadyId = n.get("id").asLong();
        }
      }
      assertEquals(200, server.http.put("/api/users/" + steadyId, Map.of("maxChats", 2), admin).status());
      steady.close();
      try (WsClient steady2 = agent("steady")) {
        ObjectNode got = steady2.take("assigned");
        assertEquals(v.conversationId(), got.get("conversationId").asText());
        assertTrue(got.get("history").toString().contains("还在"), "the whole history goes with it");
      }
    }
    v.close();
  }

  @Test
  void transferToAnotherAgentWithNote_andSupervisorWatchesWhispersAndTakesOver() {
    server.createUser("x1", List.of("agent"), List.of("consult"), 2);
    server.createUser("x2", List.of("agent"), List.of("consult"), 2);
    server.createUser("boss", List.of("supervisor"), List.of(), 2);
    try (WsClient x1 = agent("x1"); TestServer.Visitor v = askForPerson()) {
      ObjectNode chat = x1.take("assigned");
      String conv = chat.get("conversationId").asText();
      try (WsClient x2 = agent("x2"); WsClient boss = server.agent("boss", "secret-boss", false)) {
        long x2id = idOf("x2");
        x1.send(obj("type", "transfer", "conversationId", conv, "toAgent", x2id, "note", "客户要办宽带"));
        assertEquals("transfer", x1.take("done").get("for").asText());
        assertEquals(conv, x1.take("revoked").get("conversationId").asText());
        ObjectNode got = x2.take("assigned", f -> conv.equals(f.get("conversationId").asText()));
        assertEquals("客户要办宽带", got.get("note").asText());
        v.ws().take("assigned", f -> f.get("agent").get("name").asText().equals("Agent x2"));

        x1.send(obj("type", "send", "conversationId", conv, "clientId", "late", "text", "not mine any more"));
        assertEquals("forbidden", x1.take("error").get("code").asText());

        boss.send(obj("type", "watch", "conversationId", conv));
        assertEquals("watch", boss.take("done").get("for").asText());
        v.ws().send(obj("type", "send", "clientId", "w1", "text", "多少钱"));
        ObjectNode watched = boss.take("message", f -> "多少钱".equals(f.get("text").asText()));
        assertTrue(watched.get("watching").asBoolean());
        boss.send(obj("type", "whisper", "conversationId", conv, "text", "报价先确认套餐"));
        assertEquals("whisper", boss.take("done").get("for").asText());
        assertEquals("报价先确认套餐", x2.take("whisper").get("text").asText());

        boss.send(obj("type", "takeover", "conversationId", conv));
        assertEquals(conv, boss.take("assigned").get("conversationId").asText());
        assertEquals(conv, x2.take("revoked").get("conversationId").asText());
        boss.send(obj("type", "send", "conversationId", conv, "clientId", "b1", "text", "我是主管，我来处理"));
        assertEquals("我是主管，我来处理", v.ws().message("agent").get("text").asText());
        assertTrue(v.ws().history().stream().noneMatch(f -> f.toString().contains("报价先确认套餐")),
            "the visitor never sees a whisper");
        assertEquals(conv, v.conversationId(), "same conversation throughout");
      }
    }
  }

  @Test
  void transferToOwnGroup_goesToAnotherAgentAsATransfer_andIsRefusedWhenNobodyElseIsOnline() {
    server.createUser("g1", List.of("agent"), List.of("consult"), 3);
    server.createUser("g2", List.of("agent"), List.of("consult"), 3);
    try (WsClient g1 = agent("g1"); TestServer.Visitor v = askForPerson()) {
      String conv = g1.take("assigned").get("conversationId").asText();
      g1.send(obj("type", "transfer", "conversationId", conv, "toGroup", "consult"));
      assertEquals("not_allowed_now", g1.take("error").get("code").asText(), "nobody else of the group is online");
      try (WsClient g2 = agent("g2")) {
        g1.send(obj("type", "transfer", "conversationId", conv, "toGroup", "consult", "note", "请同事跟进"));
        g1.take("done", f -> "transfer".equals(f.path("for").asText()));
        ObjectNode got = g2.take("assigned", f -> conv.equals(f.get("conversationId").asText()));
        assertEquals("transfer", got.get("reason").asText());
        assertEquals("请同事跟进", got.get("note").asText());
        assertTrue(g1.pending("assigned").isEmpty(), "the transferring agent does not get it back");
      }
    }
  }

  @Test
  void raisingAnOnlineAgentsMaxChats_assignsTheNextQueuedVisitor_withoutAReconnect() {
    long id = server.createUser("grow", List.of("agent"), List.of("consult"), 1);
    try (WsClient grow = agent("grow"); TestServer.Visitor first = askForPerson();
        TestServer.Visitor second = askForPerson()) {
      first.ws().take("assigned");
      grow.take("assigned", f -> first.conversationId().equals(f.get("conversationId").asText()));
      assertEquals(1, second.ws().take("queued").get("position").asInt());
      assertEquals(200, server.http.put("/api/users/" + id, Map.of("maxChats", 2), server.admin()).status());
      assertEquals(second.conversationId(), grow.take("assigned").get("conversationId").asText());
      second.ws().take("assigned");
    }
  }

  @Test
  void anOnlineAgentPutInANewGroup_getsThatGroupsQueuedVisitor() {
    String admin = server.admin();
    assertEquals(201, server.http.post("/api/groups", Map.of("id", "vip", "name", "VIP"), admin).status());
    long id = server.createUser("mover", List.of("agent"), List.of("consult"), 2);
    // A VIP agent with no room keeps the group "online", so its visitor waits instead of getting no_agent.
    server.createUser("vipfull", List.of("agent"), List.of("vip"), 0);
    try (WsClient mover = agent("mover"); WsClient full = agent("vipfull"); TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human", "group", "vip"));
      assertEquals(1, v.ws().take("queued").get("position").asInt());
      assertEquals(200, server.http.put("/api/users/" + id, Map.of("groups", List.of("consult", "vip")), admin).status());
      ObjectNode got = mover.take("assigned");
      assertEquals(v.conversationId(), got.get("conversationId").asText());
      assertEquals("vip", got.get("group").asText());
      v.ws().take("assigned");
      assertTrue(full.pending("assigned").isEmpty());
    }
  }

  @Test
  void disablingAnOnlineAgent_closesItsConsole_andItsChatGoesToAColleague_andItGetsNoMore() {
    long id = server.createUser("leaver", List.of("agent"), List.of("consult"), 2);
    server.createUser("stayer", List.of("agent"), List.of("consult"), 2);
    try (WsClient leaver = agent("leaver"); TestServer.Visitor v = askForPerson()) {
      String conv = leaver.take("assigned").get("conversationId").asText();
      try (WsClient stayer = agent("stayer")) {
        assertEquals(200, server.http.put("/api/users/" + id, Map.of("disabled", true), server.admin()).status());
        assertEquals("unauthorized", leaver.take("error").get("code").asText());
        assertTrue(leaver.awaitClose(Duration.ofSeconds(5)) > 0, "the console is closed");
        // Its chat goes back to the queue at once (no grace period for a disabled account) and to the colleague.
        assertEquals(conv, stayer.take("assigned").get("conversationId").asText());
        try (TestServer.Visitor next = askForPerson()) {
          assertEquals(next.conversationId(), stayer.take("assigned").get("conversationId").asText());
        }
        assertEquals(401, server.http.post("/api/login", Map.of("username", "leaver", "password", "secret-leaver"),
            null).status());
      }
    }
  }

  @Test
  void changingAnOnlineSupervisorsRoles_closesItsConsole_andTheNewConnectionHasTheNewRoles() {
    long id = server.createUser("demoted", List.of("supervisor"), List.of(), 2);
    server.createUser("worker", List.of("agent"), List.of("consult"), 2);
    try (WsClient worker = agent("worker"); TestServer.Visitor v = askForPerson();
        WsClient boss = server.agent("demoted", "secret-demoted", false)) {
      String conv = worker.take("assigned").get("conversationId").asText();
      assertEquals(200, server.http.put("/api/users/" + id, Map.of("roles", List.of("agent")), server.admin()).status());
      assertTrue(boss.awaitClose(Duration.ofSeconds(5)) > 0, "the console that authenticated as a supervisor is closed");
      try (WsClient again = server.agent("demoted", "secret-demoted", false)) {
        again.send(obj("type", "watch", "conversationId", conv));
        assertEquals("forbidden", again.take("error").get("code").asText(), "no longer a supervisor");
      }
      assertTrue(worker.open(), "other consoles are left alone");
    }
  }

  private long idOf(String username) {
    for (var n : server.http.get("/api/users", server.admin()).json().get("users")) {
      if (username.equals(n.get("username").asText())) {
        return n.get("id").asLong();
      }
    }
    throw new AssertionError("no user " + username);
  }

  @Test
  void noAgentOfTheGroupOnline_meansNoAgent_evenIfOthersAre() {
    server.createUser("shopper", List.of("agent"), List.of("shopping"), 2);
    try (WsClient shopper = agent("shopper"); TestServer.Visitor v = askForPerson()) {
      assertEquals("consult", v.ws().take("no_agent").get("group").asText());
      assertNotEquals(0, shopper.history().size());
    }
  }
}
