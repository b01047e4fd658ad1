package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frontline.server.trail.MovingClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 7 over a scripted morning whose right figures are worked out by hand below:
 * a bot hand-off, a request, a menu hand-off, a transfer between agents, a supervisor's
 * take-over, a returning visitor (first-contact resolution), an agent going away (utilisation),
 * an abandoned request, a bot-resolved conversation and one that left a message. Every
 * timestamp comes from a clock the test sets, so each duration is exact.
 */
class KpiDayIT {
  /** 2026-03-02 08:00 UTC: the period starts here. */
  private static final long T0 = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();
  private static final long MIN = 60_000;
  private static final String FAQ_Q = "营业厅几点开门";

  private final MovingClock clock = new MovingClock(T0);
  private TestServer server;
  private String sup;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static long at(int hour, int minute, int second) {
    return T0 + (hour - 8) * 60 * MIN + minute * MIN + second * 1000L;
  }

  /** Moves the clock once the dispatcher has finished everything asked of it so far. */
  private void to(long t) {
    assertEquals(200, server.http.get("/api/stats/live", sup).status());
    clock.millis = t;
  }

  private void agentSays(WsClient agent, String conv, String text) {
    agent.send(obj("type", "send", "conversationId", conv, "clientId", "c" + System.nanoTime(), "text", text));
    agent.take("ack");
  }

  private static void agentClosesAndVisitorRates(WsClient agent, String conv, TestServer.Visitor v, int score) {
    agent.send(obj("type", "close", "conversationId", conv));
    v.ws().take("closed");
    v.ws().send(obj("type", "rate", "score", score));
    v.ws().take("rated");
    v.close();
  }

  private void status(WsClient agent, String status) {
    agent.send(obj("type", "status", "status", status));
    agent.take("done", f -> "status".equals(f.path("for").asText()));
  }

  @Test
  void aScriptedMorning_givesEveryFigureWorkedOutByHand_andTheSameAfterARestart() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"), clock);
    String admin = server.admin();
    assertEquals(200, server.http.put("/api/settings", Map.of("inactivityWarnSeconds", 0, "inactivityCloseSeconds", 0,
        "botIdleCloseSeconds", 0), admin).status());
    assertEquals(201, server.http.post("/api/faq", Map.of("question", FAQ_Q, "similar", List.of(), "answer",
        "营业厅每天 9:00 开门。", "category", "业务咨询"), admin).status());
    long a = server.createUser("amy", List.of("agent"), List.of("consult", "complaint"), 2);
    long b = server.createUser("bob", List.of("agent"), List.of("consult", "complaint"), 2);
    long s = server.createUser("sue", List.of("supervisor"), List.of(), 2);
    sup = server.login("sue", "secret-sue");
    WsClient amy = server.agent("amy", "secret-amy", true);
    WsClient bob = server.agent("bob", "secret-bob", false);
    WsClient sue = server.agent("sue", "secret-sue", false);

    // 08:00 c1: the bot hands off "转人工" at 08:10, amy (the only one online) answers in 20 s, the
    // visitor closes at 08:30 and rates 5. The same visitor comes back at 09:30 (c5): c1 is no FCR.
    TestServer.Visitor v1 = server.visitor();
    to(at(8, 10, 0));
    v1.ws().send(obj("type", "send", "clientId", "q1", "text", "转人工"));
    String c1 = amy.take("assigned").get("conversationId").asText();
    to(at(8, 10, 20));
    agentSays(amy, c1, "您好，我是 Amy");
    to(at(8, 30, 0));
    v1.ws().send(obj("type", "close"));
    v1.ws().take("closed");
    v1.ws().send(obj("type", "rate", "score", 5));
    v1.ws().take("rated");
    String v1token = v1.token();
    v1.close();

    // 08:40 c2: a request, amy answers in 60 s; bob comes online at 09:00; amy transfers to bob
    // at 09:05, bob closes at 09:20; rated 4. Handle time 08:40 -> 09:20.
    to(at(8, 40, 0));
    TestServer.Visitor v2 = server.visitor();
    v2.ws().send(obj("type", "human"));
    String c2 = amy.take("assigned").get("conversationId").asText();
    to(at(8, 41, 0));
    agentSays(amy, c2, "请问办理什么业务？");
    to(at(9, 0, 0));
    status(bob, "online");
    to(at(9, 5, 0));
    amy.send(obj("type", "transfer", "conversationId", c2, "toAgent", b));
    amy.take("done", f -> "transfer".equals(f.path("for").asText()));
    bob.take("assigned", f -> c2.equals(f.path("conversationId").asText()));
    to(at(9, 6, 0));
    agentSays(bob, c2, "我来继续为您服务");
    to(at(9, 20, 0));
    agentClosesAndVisitorRates(bob, c2, v2, 4);

    // 09:10 c3: the complaint menu entry (a hand-off by menu, group complaint) goes to amy (no
    // chat; bob has one), she answers at 09:12; sue takes over at 09:15 and closes at 09:25; rated 2.
    to(at(9, 10, 0));
    TestServer.Visitor v3 = server.visitor();
    v3.ws().send(obj("type", "menu", "id", "complaint"));
    String c3 = amy.take("assigned").get("conversationId").asText();
    to(at(9, 12, 0));
    agentSays(amy, c3, "非常抱歉给您带来不便");
    to(at(9, 15, 0));
    sue.send(obj("type", "takeover", "conversationId", c3));
    sue.take("assigned", f -> c3.equals(f.path("conversationId").asText()));
    amy.take("revoked");
    to(at(9, 16, 0));
    agentSays(sue, c3, "我是主管，我来处理");
    to(at(9, 25, 0));
    agentClosesAndVisitorRates(sue, c3, v3, 2);

    // 09:30 c5: visitor 1 returns and asks for a person; amy (idle since 09:15, bob since 09:20)
    // answers in 40 s; she goes away 10:00-11:00 holding it and closes it at 11:30.
    to(at(9, 30, 0));
    TestServer.Visitor v5 = server.visitor(v1token, 0);
    assertTrue(v5.welcome().get("returning").asBoolean(), v5.welcome().toString());
    v5.ws().send(obj("type", "human"));
    String c5 = amy.take("assigned").get("conversationId").asText();
    to(at(9, 30, 40));
    agentSays(amy, c5, "欢迎回来");

    // 09:40 c4: the bot answers a question; the visitor closes at 09:45: resolved by the bot.
    to(at(9, 40, 0));
    TestServer.Visitor v4 = server.visitor();
    v4.ws().send(obj("type", "send", "clientId", "q4", "text", FAQ_Q));
    v4.ws().take("message", f -> "bot".equals(f.path("from").asText()) && f.hasNonNull("faqId"));
    to(at(9, 45, 0));
    v4.ws().send(obj("type", "close"));
    v4.ws().take("closed");
    v4.close();

    to(at(10, 0, 0));
    status(amy, "away");

    // 10:05 c6: a request for shopping, which nobody serves: no agent; the visitor leaves a
    // complaint (投诉) and closes at 10:06: abandoned.
    to(at(10, 5, 0));
    TestServer.Visitor v6 = server.visitor();
    v6.ws().send(obj("type", "human", "group", "shopping"));
    v6.ws().take("no_agent");
    v6.ws().send(obj("type", "leave_message", "text", "买的东西没收到", "kind", "投诉",
        "contact", Map.of("name", "刘", "phone", "13800000000", "email", "l@example.com")));
    v6.ws().take("ticket");
    to(at(10, 6, 0));
    v6.ws().send(obj("type", "close"));
    v6.ws().take("closed");
    v6.close();

    // 10:20 c7: the bot answers, but the visitor leaves a message anyway: not resolved by the bot.
    to(at(10, 20, 0));
    TestServer.Visitor v7 = server.visitor();
    v7.ws().send(obj("type", "send", "clientId", "q7", "text", FAQ_Q));
    v7.ws().take("message", f -> "bot".equals(f.path("from").asText()) && f.hasNonNull("faqId"));
    v7.ws().send(obj("type", "leave_message", "text", "请回电", "contact", Map.of("name", "陈", "phone",
        "13900000000", "email", "c@example.com")));
    v7.ws().take("ticket");
    v7.close();

    to(at(11, 0, 0));
    status(amy, "online");
    to(at(11, 30, 0));
    amy.send(obj("type", "close", "conversationId", c5));
    v5.ws().take("closed");
    v5.close();
    to(at(12, 0, 0));
    status(amy, "offline");
    status(bob, "offline");
    to(at(12, 30, 0));

    Map<String, JsonNode> before = figures(a, b, s);
    amy.close();
    bob.close();
    sue.close();
    server = TestServer.restart(server);
    sup = server.login("sue", "secret-sue");
    assertEquals(before, figures(a, b, s), "the same figures after a restart");

    // Settings enter the definitions at once: a 60 s target and a zero FCR window.
    admin = server.admin();
    assertEquals(200, server.http.put("/api/settings", Map.of("firstResponseTargetSeconds", 60, "fcrWindowHours", 0),
        admin).status());
    JsonNode changed = get("/api/stats/summary?" + period(at(8, 0, 0), at(12, 0, 0)));
    assertEquals(0.75, changed.get("firstResponseWithinTarget").asDouble(), 1e-9, "c1 20 s, c2 60 s, c5 40 s");
    assertEquals(1.0, changed.get("fcr").asDouble(), 1e-9, "c5 came 1 h after c1: outside a zero window");
  }

  private static String period(long from, long to) {
    return "from=" + from + "&to=" + to;
  }

  /**
   * The summary once the last writes are in: presence and state changes go to the journals
   * without anyone waiting for them, so the first read may come a few milliseconds early.
   */
  private JsonNode awaitStored(String path) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    JsonNode m = get(path);
    while ((m.get("onlineMs").asLong() != 360 * MIN || m.at("/csat/count").asLong() != 3
        || m.get("avgHandleMs").isNull() || m.get("avgHandleMs").asLong() != (20 + 40 + 15 + 120) * MIN / 4)
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      m = get(path);
    }
    return m;
  }

  private JsonNode get(String path) {
    Http.Res r = server.http.get(path, sup);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** Checks every figure; returns the answers for the comparison after the restart. */
  private Map<String, JsonNode> figures(long a, long b, long s) {
    String morning = period(at(8, 0, 0), at(12, 0, 0));
    JsonNode m = awaitStored("/api/stats/summary?" + morning);
    assertEquals(7, m.get("conversations").asLong(), m.toString());
    assertEquals(5, m.get("offered").asLong(), "c1 c2 c3 c5 c6");
    assertEquals(5, m.get("handoffs").asLong());
    assertEquals(3, m.at("/handoffsByReason/request").asLong(), "c2 c5 c6");
    assertEquals(1, m.at("/handoffsByReason/menu").asLong(), "c3");
    assertEquals(1, m.at("/handoffsByReason/bot").asLong(), "c1");
    assertEquals(4, m.get("answered").asLong());
    assertEquals(1, m.get("abandoned").asLong(), "c6");
    assertEquals(0.8, m.get("answerRate").asDouble(), 1e-9);
    assertEquals(1, m.get("botResolved").asLong(), "c4 (c7 left a message)");
    assertEquals((20 + 60 + 120 + 40) * 1000 / 4, m.get("avgFirstResponseMs").asLong());
    assertEquals(0.25, m.get("firstResponseWithinTarget").asDouble(), 1e-9, "only c1 within 30 s");
    assertEquals((20 + 40 + 15 + 120) * MIN / 4, m.get("avgHandleMs").asLong(), "c1 c2 c3 c5 from first assignment");
    assertEquals(0.75, m.get("fcr").asDouble(), 1e-9, "c1 was followed by c5 within 24 h");
    assertEquals(125.0 / 360, m.get("utilisation").asDouble(), 1e-9, "amy 110 of 180 min, bob 15 of 180");
    assertEquals(360 * MIN, m.get("onlineMs").asLong());
    assertEquals(3, m.at("/csat/count").asLong());
    assertEquals(11.0 / 3, m.at("/csat/average").asDouble(), 1e-9);
    assertEquals(List.of(0L, 1L, 0L, 1L, 1L), List.of(m.at("/csat/distribution/1").asLong(),
        m.at("/csat/distribution/2").asLong(), m.at("/csat/distribution/3").asLong(),
        m.at("/csat/distribution/4").asLong(), m.at("/csat/distribution/5").asLong()));
    assertEquals(2, m.at("/tickets/total").asLong());
    assertEquals(1, m.at("/tickets/byType/投诉").asLong());
    assertEquals(1, m.at("/tickets/byType/咨询").asLong());
    assertEquals(2, m.get("complaints").asLong(), "the 投诉 ticket and c3 in the complaint group");

    // 08:00-09:00: c2 runs past the period's end; its handle time counts whole (it began in the
    // period), amy's busy time is cut at 09:00: 20 min of c1 and 20 of c2 in 60 online.
    JsonNode early = get("/api/stats/summary?" + period(at(8, 0, 0), at(9, 0, 0)));
    assertEquals(2, early.get("conversations").asLong(), early.toString());
    assertEquals(30 * MIN, early.get("avgHandleMs").asLong());
    assertEquals(40.0 / 60, early.get("utilisation").asDouble(), 1e-9);

    Map<Long, JsonNode> agents = new HashMap<>();
    get("/api/stats/agents?" + morning).get("agents").forEach(r -> agents.put(r.get("agentId").asLong(), r));
    assertEquals(3, agents.size(), agents.toString());
    JsonNode ra = agents.get(a);
    assertEquals(2, ra.get("conversations").asLong(), "c1 and c5 ended with amy: " + ra);
    assertEquals(30_000, ra.get("avgFirstResponseMs").asLong());
    assertEquals(0.5, ra.get("firstResponseWithinTarget").asDouble(), 1e-9);
    assertEquals(70 * MIN, ra.get("avgHandleMs").asLong());
    assertEquals(0.5, ra.get("fcr").asDouble(), 1e-9);
    assertEquals(110.0 / 180, ra.get("utilisation").asDouble(), 1e-9, "away 10:00-11:00 is not online time");
    assertEquals(5.0, ra.at("/csat/average").asDouble(), 1e-9);
    JsonNode rb = agents.get(b);
    assertEquals(1, rb.get("conversations").asLong(), "c2 was transferred to bob: " + rb);
    assertEquals(60_000, rb.get("avgFirstResponseMs").asLong());
    assertEquals(40 * MIN, rb.get("avgHandleMs").asLong());
    assertEquals(15.0 / 180, rb.get("utilisation").asDouble(), 1e-9);
    JsonNode rs = agents.get(s);
    assertEquals(1, rs.get("conversations").asLong(), "c3 was taken over by sue: " + rs);
    assertEquals(120_000, rs.get("avgFirstResponseMs").asLong());
    assertEquals(15 * MIN, rs.get("avgHandleMs").asLong());
    assertEquals(1, rs.get("complaints").asLong());
    assertTrue(rs.get("utilisation").isNull(), "sue was never online");

    Map<String, JsonNode> groups = new HashMap<>();
    get("/api/stats/groups?" + morning).get("groups").forEach(r -> groups.put(r.get("groupId").asText(), r));
    assertEquals(3, groups.get("consult").get("conversations").asLong(), "c1 c2 c5: " + groups);
    assertEquals(3, groups.get("consult").get("answered").asLong());
    assertEquals(1, groups.get("complaint").get("conversations").asLong());
    assertEquals(1, groups.get("shopping").get("abandoned").asLong());
    assertEquals(125.0 / 360, groups.get("consult").get("utilisation").asDouble(), 1e-9, "amy and bob serve consult");

    JsonNode agentFilter = get("/api/stats/summary?" + morning + "&agent=" + a);
    assertEquals(ra.get("conversations"), agentFilter.get("conversations"));
    assertEquals(ra.get("utilisation"), agentFilter.get("utilisation"));
    JsonNode groupFilter = get("/api/stats/summary?" + morning + "&group=complaint");
    assertEquals(1, groupFilter.get("conversations").asLong());
    assertEquals(1, groupFilter.get("complaints").asLong(), "c3 (the 投诉 ticket is shopping's)");

    JsonNode series = get("/api/stats/series?" + morning + "&bucket=hour&tz=UTC").get("series");
    assertEquals(4, series.size(), series.toString());
    assertEquals(List.of(2L, 3L, 2L, 0L), List.of(series.get(0).get("conversations").asLong(),
        series.get(1).get("conversations").asLong(), series.get(2).get("conversations").asLong(),
        series.get(3).get("conversations").asLong()));
    assertEquals(at(9, 0, 0), series.get(1).get("from").asLong());
    assertEquals(40.0 / 60, series.get(0).get("utilisation").asDouble(), 1e-9);
    assertEquals(55.0 / 120, series.get(1).get("utilisation").asDouble(), 1e-9, "amy 5+5+30, bob 15");
    assertEquals(0.0, series.get(2).get("utilisation").asDouble(), 1e-9, "bob online, idle; amy away");
    assertEquals(0.25, series.get(3).get("utilisation").asDouble(), 1e-9, "amy 30 of 60, bob 0 of 60");
    JsonNode days = get("/api/stats/series?" + morning + "&bucket=day&tz=Asia/Shanghai").get("series");
    assertEquals(1, days.size(), "08:00-12:00 UTC is one day in Shanghai");
    assertEquals(7, days.get(0).get("conversations").asLong());

    Http.Res csv = server.http.get("/api/stats/agents?" + morning + "&format=csv", sup);
    assertEquals(200, csv.status());
    assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
    List<String> lines = csv.body().lines().toList();
    assertEquals(4, lines.size(), csv.body());
    List<String> header = List.of(lines.get(0).replace("\uFEFF", "").split(","));
    int conversations = header.indexOf("conversations");
    int name = header.indexOf("username");
    Map<String, String> byName = new HashMap<>();
    for (String line : lines.subList(1, 4)) {
      String[] cells = line.split(",", -1);
      byName.put(cells[name], cells[conversations]);
    }
    assertEquals(Map.of("amy", "2", "bob", "1", "sue", "1"), byName);
    assertTrue(header.contains("csat.distribution.5"), header.toString());
    // The other three as CSV: the same figures as their JSON, one row per summary, group or hour.
    Map<String, String> summaryCsv = csvRows("/api/stats/summary?" + morning, sup).get(0);
    assertEquals(m.get("conversations").asText(), summaryCsv.get("conversations"));
    assertEquals(m.get("complaints").asText(), summaryCsv.get("complaints"));
    List<Map<String, String>> groupRows = csvRows("/api/stats/groups?" + morning, sup);
    assertEquals(get("/api/stats/groups?" + morning).get("groups").size(), groupRows.size());
    List<Map<String, String>> hours = csvRows("/api/stats/series?" + morning + "&bucket=hour&tz=UTC", sup);
    assertEquals(List.of("2", "3", "2", "0"), hours.stream().map(r -> r.get("conversations")).toList());

    Map<String, JsonNode> out = new HashMap<>();
    out.put("summary", m);
    out.put("agents", get("/api/stats/agents?" + morning));
    out.put("groups", get("/api/stats/groups?" + morning));
    out.put("series", series);
    return out;
  }

  /** A figures endpoint as CSV: its rows by column name (no cell here holds a comma or a quote). */
  private List<Map<String, String>> csvRows(String path, String token) {
    Http.Res res = server.http.get(path + "&format=csv", token);
    assertEquals(200, res.status(), res.body());
    assertTrue(res.contentType().startsWith("text/csv"), res.contentType());
    List<String> lines = res.body().lines().toList();
    List<String> header = List.of(lines.get(0).replace("\uFEFF", "").split(","));
    List<Map<String, String>> rows = new java.util.ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < cells.length ? cells[i] : "");
      }
      rows.add(row);
    }
    return rows;
  }
}
