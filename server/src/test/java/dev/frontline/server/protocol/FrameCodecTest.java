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
  void apiMapsKeepNullsSoContractFieldsArePresent() {
    Map<String, Object> m = new HashMap<>();
    m.put("faqId", null);
    assertEquals("{\"faqId\":null}", Json.string(m));
  }
}
