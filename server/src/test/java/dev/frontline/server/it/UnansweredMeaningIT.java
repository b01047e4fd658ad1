package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unanswered list with the bot's model on (the demo base): questions are grouped by meaning,
 * and a published entry takes the questions it now answers off the list.
 */
class UnansweredMeaningIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "1", "FRONTLINE_BOT_DENSE", "1"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode awaitList(String token, Predicate<JsonNode> p, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = server.http.get("/api/faq/unanswered", token).json();
      if (p.test(last)) {
        return last;
      }
      Kb.sleep(100);
    }
    fail(what + " not seen within " + WAIT + "; last: " + last);
    return last;
  }

  private static List<String> texts(JsonNode group) {
    List<String> out = new ArrayList<>();
    group.get("questions").forEach(q -> out.add(q.get("text").asText()));
    return out.stream().sorted().toList();
  }

  @Test
  void questionsMeaningTheSame_areOneGroup_andLeaveTheListOnceAnEntryAnswersThem() {
    String admin = server.admin();
    // one visitor each: a second miss in a row hands the visitor off, and the bot hears no more
    int i = 0;
    for (String q : List.of("营业厅可以带宠物进去吗", "营业厅能带猫吗")) {
      try (TestServer.Visitor v = server.visitor()) {
        v.ws().send(WsClient.obj("type", "send", "clientId", "q" + i++, "text", q));
        v.ws().take("ack");
      }
    }
    JsonNode list = awaitList(admin, l -> countAll(l) == 2, "both questions logged");
    assertEquals(1, list.get("total").asInt(), "one group: " + list);
    JsonNode pets = list.get("groups").get(0);
    assertEquals(List.of("营业厅可以带宠物进去吗", "营业厅能带猫吗"), texts(pets), list.toString());

    Http.Res created = server.http.post("/api/faq", Map.of("question", "营业厅可以带宠物吗",
        "similar", List.of("营业厅可以带宠物进去吗", "营业厅能带猫吗", "能带狗进营业厅吗"),
        "answer", "导盲犬可以进入，其他宠物请留在门外。", "category", "服务"), admin);
    assertEquals(201, created.status(), created.body());
    awaitList(admin, l -> l.get("total").asInt() == 0 && countAll(l) == 0, "the answered group leaving the list");
  }

  private static int countAll(JsonNode list) {
    int n = 0;
    for (JsonNode g : list.get("groups")) {
      n += g.get("count").asInt();
    }
    return n;
  }
}
