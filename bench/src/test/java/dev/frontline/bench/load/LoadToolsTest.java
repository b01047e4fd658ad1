package dev.frontline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadToolsTest {

  private static LoadOptions options(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--url", "ws://127.0.0.1:8080/ws/visitor"));
    args.addAll(List.of(extra));
    return LoadOptions.parse(args.toArray(new String[0]));
  }

  @Test
  void forWorker_splitsClientsAndRateAndGivesEachItsOwnSourceAddress() {
    LoadOptions o = options("--clients", "19001", "--rate", "5000", "--workers", "2");
    LoadOptions w0 = o.forWorker(0);
    LoadOptions w1 = o.forWorker(1);
    assertEquals(19001, w0.clients() + w1.clients());
    assertEquals(9501, w0.clients());
    assertEquals(5000.0, w0.rate() + w1.rate(), 1e-9);
    assertEquals("127.0.0.2", w0.sourceBase());
    assertEquals("127.0.0.3", w1.sourceBase());
    assertEquals(w0, LoadOptions.parse(w0.toArgs().toArray(new String[0])));
  }

  @Test
  void parse_unknownOption_isAnError() {
    assertThrows(IllegalArgumentException.class, () -> options("--clientz", "3"));
  }

  @Test
  void sourceAddresses_carryIntoTheNextOctet() {
    assertEquals("127.0.1.1", SourceAddresses.nth("127.0.0.255", 2));
  }

  @Test
  void parse_readsTypeClientIdAndCode_skippingNestedValues() {
    Frames.Inbound f = Frames.parse(
        "{\"type\":\"error\",\"menu\":[{\"id\":\"x\"}],\"code\":\"overloaded\",\"clientId\":\"b0-1-2\",\"seq\":3}");
    assertEquals("error", f.type());
    assertEquals("b0-1-2", f.clientId());
    assertEquals("overloaded", f.code());
    assertNull(Frames.parse("{\"type\":\"welcome\"}").clientId());
  }

  @Test
  void sendFrame_escapesTheText() {
    assertEquals("{\"type\":\"send\",\"clientId\":\"c1\",\"text\":\"a \\\"q\\\" 你好\"}",
        Frames.send("c1", Frames.sendTail("a \"q\" 你好")));
  }

  @Test
  void workerResult_survivesTheWireAndMerges() {
    WorkerResult a = new WorkerResult();
    a.counts.put("acked", 2L);
    a.ack.recordValue(1_500);
    a.ack.recordValue(9_000);
    WorkerResult b = WorkerResult.fromJson(a.toJson());
    b.add(a);
    assertEquals(4L, b.count("acked"));
    Histogram h = b.ack;
    assertEquals(4, h.getTotalCount());
    assertEquals(9_000, h.getMaxValue(), 10);
  }

  @Test
  void parseRouting_readsConversationByPositionAndTheAgentsName() {
    Frames.Routing a = Frames.parseRouting("{\"type\":\"assigned\",\"agent\":{\"id\":3,\"name\":\"bench-x-7\"}}");
    assertEquals("assigned", a.type());
    assertEquals("bench-x-7", a.agentName());
    Frames.Routing q = Frames.parseRouting("{\"type\":\"queued\",\"position\":12,\"expectedWaitMs\":900,\"group\":\"consult\"}");
    assertEquals(12, q.position());
    Frames.Routing c = Frames.parseRouting("{\"type\":\"closed\",\"conversationId\":\"c-1\",\"by\":\"agent\","
        + "\"history\":[{\"agent\":{\"name\":\"not-this\"}}]}");
    assertEquals("c-1", c.conversationId());
    assertEquals("agent", c.by());
    assertNull(c.agentName());
  }

  @Test
  void trackFrame_carriesTheRunTag() {
    String f = Frames.track("page_view", "run1", 57);
    assertEquals("track", Frames.parse(f).type());
    org.junit.jupiter.api.Assertions.assertTrue(f.contains("\"run\":\"run1\""), f);
    org.junit.jupiter.api.Assertions.assertTrue(f.contains("/p/7\""), f);
  }

  @Test
  void forWorker_splitsTheChatRateOfTrackMode() {
    LoadOptions o = options("--mode", "track", "--clients", "10", "--rate", "100", "--chat-rate", "10", "--workers", "2");
    assertEquals(5.0, o.forWorker(0).chatRate(), 1e-9);
    assertEquals(o.runId(), o.forWorker(1).runId());
  }

  @Test
  void urlList_spreadsClientsRoundRobin_overAllWorkersTogether() {
    String a = "ws://127.0.0.1:8081/ws/visitor";
    String b = "ws://127.0.0.1:8082/ws/visitor";
    String c = "ws://127.0.0.1:8083/ws/visitor";
    LoadOptions o = options("--url", a + "," + b + "," + c, "--clients", "11", "--workers", "3");
    assertEquals(3, o.urls().size());
    java.util.Map<String, Integer> perUrl = new java.util.TreeMap<>();
    int global = 0;
    for (int w = 0; w < 3; w++) {
      LoadOptions mine = o.forWorker(w);
      assertEquals(mine, LoadOptions.parse(mine.toArgs().toArray(new String[0])));
      for (int i = 0; i < mine.clients(); i++, global++) {
        assertEquals(o.urls().get(global % 3), mine.urlOf(i), "worker " + w + " client " + i);
        perUrl.merge(mine.urlOf(i).toString(), 1, Integer::sum);
      }
    }
    assertEquals(11, global);
    assertEquals(java.util.Map.of(a, 4, b, 4, c, 3), perUrl);
  }

  @Test
  void singleUrl_everyClientAndEveryWorkerUsesIt_andAgentsGoToItsAgentPath() {
    LoadOptions o = options("--clients", "5", "--workers", "2");
    java.net.URI url = java.net.URI.create("ws://127.0.0.1:8080/ws/visitor");
    assertEquals(List.of(url), o.urls());
    assertEquals(url, o.url());
    assertEquals(List.of(url), o.forWorker(1).urls());
    assertEquals(url, o.forWorker(1).urlOf(2));
    assertEquals(List.of(java.net.URI.create("ws://127.0.0.1:8080/ws/agent")), o.agentUrls());
    assertEquals("ws://127.0.0.1:8080/ws/visitor", o.toArgs().get(1));
  }

  @Test
  void agentUrl_listIsKept_andAgentsGoRoundRobin() {
    LoadOptions o = options("--mode", "deliver", "--agent-url", "ws://127.0.0.1:8082/ws/agent,ws://127.0.0.1:8083/ws/agent");
    assertEquals(LoadOptions.Mode.DELIVER, o.mode());
    assertEquals("ws://127.0.0.1:8083/ws/agent", o.agentUrlOf(1).toString());
    assertEquals("ws://127.0.0.1:8082/ws/agent", o.agentUrlOf(2).toString());
    assertEquals(o, LoadOptions.parse(o.toArgs().toArray(new String[0])));
  }

  @Test
  void urlList_aWssOrHostlessEntry_isAnError() {
    assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.parse(new String[] {"--url", "ws://127.0.0.1:1/ws/visitor,wss://127.0.0.1:2/ws/visitor"}));
    assertThrows(IllegalArgumentException.class, () -> options("--agent-url", "http://127.0.0.1:2/ws/agent"));
    assertThrows(IllegalArgumentException.class, () -> options("--texts", "different"));
  }

  @Test
  void distinctTexts_endEachTextWithItsClientId_asValidJson() throws Exception {
    String tail = Frames.distinctTail("请问 \"营业厅\"");
    String f1 = Frames.sendDistinct("b0-1-1", tail);
    String f2 = Frames.sendDistinct("b0-1-2", tail);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals("请问 \"营业厅\" #b0-1-1", json.readTree(f1).get("text").asText());
    assertEquals("b0-1-2", json.readTree(f2).get("clientId").asText());
    assertTrue(options("--texts", "distinct").distinctTexts());
  }
}
