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
}
