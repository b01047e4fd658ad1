package dev.frontline.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  @Test
  void framesCarryTheirTypeAndLeaveNullsOut() {
    String s = FrameCodec.encode(new ServerFrame.Ack("c1", 4, "c-1"));
    assertEquals("{\"type\":\"ack\",\"clientId\":\"c1\",\"seq\":4,\"conversationId\":\"c-1\"}", s);
    String m = FrameCodec.encode(new ServerFrame.Message("c-1", 2, "bot", "hi", 5L, null, null, null, null, null, null));
    assertEquals("{\"type\":\"message\",\"conversationId\":\"c-1\",\"seq\":2,\"from\":\"bot\",\"text\":\"hi\",\"ts\":5}", m);
    assertTrue(FrameCodec.encode(new ServerFrame.Done("status", null)).contains("\"for\":\"status\""));
  }

  @Test
  void queued_isWrittenByHand_asTheMapperWouldWriteIt() throws Exception {
    com.fasterxml.jackson.databind.ObjectWriter mapper = Json.MAPPER.writerFor(ServerFrame.class);
    for (ServerFrame.Queued q : java.util.List.of(
        new ServerFrame.Queued(1, 15_000L, "consult"),
        new ServerFrame.Queued(1_000, null, "consult"),
        new ServerFrame.Queued(7, 0L, null),
        new ServerFrame.Queued(2, Long.MAX_VALUE, "售后 \"vip\"\\\n\u0001/x"))) {
      assertEquals(mapper.writeValueAsString(q), FrameCodec.encode(q));
    }
    assertEquals("{\"type\":\"queued\",\"position\":3,\"expectedWaitMs\":45000,\"group\":\"consult\"}",
        FrameCodec.encode(new ServerFrame.Queued(3, 45_000L, "consult")));
  }

  @Test
  void apiMapsKeepNullsSoContractFieldsArePresent() {
    Map<String, Object> m = new HashMap<>();
    m.put("faqId", null);
    assertEquals("{\"faqId\":null}", Json.string(m));
  }
}
