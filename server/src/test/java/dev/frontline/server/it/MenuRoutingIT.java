package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin's menu (PUT /api/menu): labels, order, and where each entry leads reach new visitors and routing. */
class MenuRoutingIT {

  private static Map<String, Object> entry(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void editedMenu_newVisitorsSeeItsLabelsInItsOrder_andARepointedEntryRoutesToItsNewGroup() {
    try (TestServer server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"))) {
      String admin = server.admin();
      assertEquals(201, server.http.post("/api/groups", Map.of("id", "billing", "name", "账单专席"), admin).status());
      server.createUser("biller", List.of("agent"), List.of("billing"), 2);
      server.createUser("generalist", List.of("agent"), List.of("query", "consult"), 2);
      List<Map<String, Object>> menu = List.of(
          entry("id", "query", "label", "账单与发票", "labelEn", "Bills", "groupId", "billing", "faqCategory", "账单"),
          entry("id", "complaint", "label", "意见反馈", "groupId", "complaint", "faqCategory", "投诉建议",
              "directToPerson", true),
          entry("id", "consult", "label", "其他咨询", "groupId", "consult", "faqCategory", "业务咨询"));
      Http.Res put = server.http.put("/api/menu", Map.of("menu", menu), admin);
      assertEquals(200, put.status(), put.body());

      JsonNode stored = server.http.get("/api/menu", null).json().get("menu");
      assertEquals(3, stored.size());
      assertEquals("billing", stored.get(0).get("groupId").asText());
      assertEquals("账单", stored.get(0).get("faqCategory").asText());
      assertEquals(1, stored.get(0).get("position").asInt());

      try (WsClient biller = server.agent("biller", "secret-biller", true);
          WsClient generalist = server.agent("generalist", "secret-generalist", true);
          TestServer.Visitor v = server.visitor()) {
        ObjectNode greeting = v.ws().message("bot");
        List<String> shown = new ArrayList<>();
        greeting.get("menu").forEach(m -> shown.add(m.get("id").asText() + "=" + m.get("label").asText()));
        assertEquals(List.of("query=账单与发票", "complaint=意见反馈", "consult=其他咨询"), shown,
            "the new labels in the new order");

        v.ws().send(obj("type", "menu", "id", "query"));
        assertEquals("账单与发票", v.ws().message("visitor").get("text").asText(), "the choice is shown with its new label");
        assertTrue(v.ws().message("bot").get("text").asText().contains("账单与发票"));
        v.ws().send(obj("type", "human"));
        v.ws().take("assigned");
        ObjectNode got = biller.take("assigned");
        assertEquals(v.conversationId(), got.get("conversationId").asText());
        assertEquals("billing", got.get("group").asText(), "the entry now leads to the new group");
        assertTrue(generalist.pending("assigned").isEmpty(), "not to the entry's old group (query)");
      }
    }
  }

  @Test
  void entryMadePersonOnly_sendsItsCategorysQuestionsStraightToAPerson_withoutARestart() {
    try (TestServer server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"))) {
      String admin = server.admin();
      assertEquals(201, server.http.post("/api/faq", Map.of("question", "发票怎么开具", "similar", List.of("怎么开发票"),
          "answer", "在App的账单页申请电子发票。", "category", "账单"), admin).status());
      assertEquals(201, server.http.post("/api/faq", Map.of("question", "宽带坏了怎么报修", "similar", List.of("宽带报修"),
          "answer", "拨打10000报修。", "category", "宽带"), admin).status());
      Kb kb = new Kb(server);
      kb.awaitBot("发票怎么开具", java.time.Duration.ofSeconds(1), r -> "answer".equals(r.path("decision").asText()),
          "a bills question answered");
      kb.awaitBot("宽带坏了怎么报修", java.time.Duration.ofSeconds(1), r -> "answer".equals(r.path("decision").asText()),
          "a broadband question answered");
      String q = "/api/bot/answer?q=" + Http.enc("发票怎么开具");

      List<Map<String, Object>> menu = List.of(
          entry("id", "query", "label", "账单与发票", "groupId", "query", "faqCategory", "账单", "directToPerson", true),
          entry("id", "consult", "label", "其他咨询", "groupId", "consult", "faqCategory", "业务咨询"));
      assertEquals(200, server.http.put("/api/menu", Map.of("menu", menu), admin).status());

      JsonNode r = server.http.get(q, null).json();
      assertEquals("handoff", r.get("decision").asText(), r.toString());
      assertEquals("direct_to_person", r.get("reason").asText());
      JsonNode preview = server.http.post("/api/faq/preview", Map.of("entry", Map.of("question", "电子发票怎么开",
          "answer", "在App的账单页申请电子发票。", "category", "账单"), "questions", List.of("发票怎么开具")), admin).json();
      assertEquals("handoff", preview.get("results").get(0).get("decision").asText(),
          "the editor's preview decides like the live bot after the menu edit: " + preview);
      assertEquals("answer",
          server.http.get("/api/bot/answer?q=" + Http.enc("宽带坏了怎么报修"), null).json().get("decision").asText(),
          "other categories are still answered");
    }
  }
}
