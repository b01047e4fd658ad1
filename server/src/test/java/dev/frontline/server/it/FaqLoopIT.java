package dev.frontline.server.it;

import static dev.frontline.server.it.Kb.assertError;
import static dev.frontline.server.it.Kb.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The improvement loop: unanswered questions grouped and resolved, agents' proposals, synonyms.
 * The bot runs on BM25 alone here ({@code FRONTLINE_BOT_DENSE=0}): these tests are about the loop
 * and about synonyms, a lexical feature, and the embedding model already knows that 吉祥号 and 靓号
 * are alike, which would hide whether the synonym set works.
 */
class FaqLoopIT {
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  private TestServer server;
  private Kb kb;
  private String admin;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0", "FRONTLINE_BOT_DENSE", "0"));
    kb = new Kb(server);
    admin = server.admin();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Waits until the unanswered list holds {@code questions} questions in all. */
  private JsonNode awaitUnanswered(String token, int questions) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = server.http.get("/api/faq/unanswered", token).json();
      int n = 0;
      for (JsonNode g : last.get("groups")) {
        n += g.get("count").asInt();
      }
      if (n == questions) {
        return last;
      }
      Kb.sleep(50);
    }
    fail("expected " + questions + " unanswered questions, got " + last);
    return last;
  }

  @Test
  void questionsTheBotCouldNotAnswerInChat_areGrouped_andResolvedInOneStep() {
    String roaming = kb.create(admin, entry("怎么开通国际漫游", List.of(), "拨打10000开通。", "漫游")).get("id").asText();
    String editor = kb.user("ed", List.of("editor"));
    try (TestServer.Visitor v = server.visitor()) {
      int i = 0;
      for (String q : List.of("宽带坏了怎么报修", "宽带坏了怎么报修啊", "我家宽带坏了怎么报修", "国际漫游怎么收费")) {
        v.ws().send(WsClient.obj("type", "send", "clientId", "q" + i++, "text", q));
        v.ws().take("ack");
      }
      JsonNode list = awaitUnanswered(editor, 4);
      JsonNode groups = list.get("groups");
      assertEquals(2, groups.size(), list.toString());
      JsonNode broadband = groups.get(0);
      assertEquals(3, broadband.get("count").asInt());
      assertEquals("宽带坏了怎么报修", broadband.get("sample").asText());
      JsonNode roam = groups.get(1);
      assertEquals("国际漫游怎么收费", roam.get("sample").asText());
      assertFalse(list.toString().contains(v.visitorId()), "no visitor data in the log");

      Http.Res created = server.http.post("/api/faq/unanswered/" + broadband.get("id").asText() + "/resolve",
          Map.of("action", "new_entry", "answer", "拨打10000报修。", "category", "宽带"), editor);
      assertEquals(200, created.status(), created.body());
      JsonNode entry = created.json().get("entry");
      assertEquals("draft", entry.get("status").asText());
      JsonNode got = server.http.get("/api/faq/" + entry.get("id").asText(), editor).json();
      assertEquals("宽带坏了怎么报修", got.get("question").asText());
      assertEquals(List.of("宽带坏了怎么报修啊", "我家宽带坏了怎么报修"),
          List.of(got.get("similar").get(0).asText(), got.get("similar").get(1).asText()));

      Http.Res added = server.http.post("/api/faq/unanswered/" + roam.get("id").asText() + "/resolve",
          Map.of("action", "add_similar", "faqId", roaming), admin);
      assertEquals(200, added.status(), added.body());
      assertEquals("published", added.json().get("entry").get("status").asText());
      kb.awaitBot("国际漫游怎么收费", ONE_SECOND, r -> Kb.answers(r, roaming), "answer the added similar question");

      assertEquals(0, server.http.get("/api/faq/unanswered", editor).json().get("groups").size());
      assertError(server.http.post("/api/faq/unanswered/" + roam.get("id").asText() + "/resolve",
          Map.of("action", "dismiss"), editor), 404, "not_found");
    }
  }

  @Test
  void askingForAPerson_isNotAGap_andDismissRemovesAGroup() {
    String editor = kb.user("ed", List.of("editor"));
    try (TestServer.Visitor v = server.visitor()) {
      v.ws().send(WsClient.obj("type", "send", "clientId", "a", "text", "转人工"));
      v.ws().send(WsClient.obj("type", "send", "clientId", "b", "text", "猫粮哪个牌子好"));
      JsonNode groups = awaitUnanswered(editor, 1).get("groups");
      assertEquals("猫粮哪个牌子好", groups.get(0).get("sample").asText());
      Http.Res bad = server.http.post("/api/faq/unanswered/" + groups.get(0).get("id").asText() + "/resolve",
          Map.of("action", "frobnicate"), editor);
      assertError(bad, 400, "invalid_field");
      assertEquals(200, server.http.post("/api/faq/unanswered/" + groups.get(0).get("id").asText() + "/resolve",
          Map.of("action", "dismiss"), editor).status());
      assertEquals(0, server.http.get("/api/faq/unanswered", editor).json().get("total").asInt());
    }
  }

  @Test
  void agentsProposeEntries_thatLandAsDraftsWithTheAgentAsAuthor() {
    String agent = kb.user("ann", List.of("agent"));
    String editor = kb.user("ed", List.of("editor"));
    Http.Res r = server.http.post("/api/faq/proposals", Map.of("question", "副卡怎么办理", "answer", "带身份证到营业厅办理。",
        "category", "套餐", "conversationId", "c-123"), agent);
    assertEquals(201, r.status(), r.body());
    assertEquals("draft", r.json().get("status").asText());
    String id = r.json().get("id").asText();
    JsonNode version = server.http.get("/api/faq/" + id + "/versions", editor).json().get("versions").get(0);
    assertEquals("proposal", version.get("change").asText());
    assertEquals("Agent ann", version.get("author").get("name").asText());
    assertTrue(version.get("note").asText().contains("c-123"));
    kb.neverBot("副卡怎么办理", Duration.ofMillis(1200), x -> id.equals(x.path("faqId").asText()), "answer a proposal");
    assertError(server.http.post("/api/faq/proposals", Map.of("question", "q", "answer", "a"), editor), 403, "forbidden");
    assertError(server.http.post("/api/faq/proposals", Map.of("question", "q"), agent), 400, "invalid_field");
    assertEquals(id, server.http.get("/api/faq?status=draft", editor).json().get("entries").get(0).get("id").asText());
  }

  @Test
  void aSynonymSet_makesAQuestionMatch_andDeletingItUndoesThat() {
    String editor = kb.user("ed", List.of("editor"));
    String id = kb.create(admin, entry("怎么办理靓号", List.of("靓号在哪里选"), "登录App选号。", "号码")).get("id").asText();
    kb.awaitBot("怎么办理靓号", ONE_SECOND, r -> Kb.answers(r, id), "answer the entry");
    assertFalse(Kb.answers(kb.bot("怎么办理吉祥号"), id), "without the synonym the bot must not be sure");

    Http.Res set = server.http.post("/api/faq/synonyms", Map.of("terms", List.of("靓号", "吉祥号")), editor);
    assertEquals(201, set.status(), set.body());
    kb.awaitBot("怎么办理吉祥号", ONE_SECOND, r -> Kb.answers(r, id), "answer through the synonym");

    long setId = set.json().get("id").asLong();
    JsonNode listed = server.http.get("/api/faq/synonyms", editor).json().get("synonyms").get(0);
    assertEquals(List.of("靓号", "吉祥号"), List.of(listed.get("terms").get(0).asText(), listed.get("terms").get(1).asText()));
    assertEquals(1, listed.get("version").asInt());
    Http.Res changed = server.http.put("/api/faq/synonyms/" + setId, Map.of("terms", List.of("靓号", "吉祥号", "好号")),
        editor);
    assertEquals(2, changed.json().get("version").asInt());
    kb.awaitBot("怎么办理好号", ONE_SECOND, r -> Kb.answers(r, id), "answer through the new term");

    assertEquals(200, server.http.delete("/api/faq/synonyms/" + setId, editor).status());
    kb.awaitBot("怎么办理吉祥号", ONE_SECOND, r -> !Kb.answers(r, id), "stop matching without the set");
    assertError(server.http.post("/api/faq/synonyms", Map.of("terms", List.of("只有一个")), editor), 400,
        "invalid_field");
    assertError(server.http.post("/api/faq/synonyms", Map.of("terms", List.of("a", "b")),
        kb.user("ann", List.of("agent"))), 403, "forbidden");
  }
}
