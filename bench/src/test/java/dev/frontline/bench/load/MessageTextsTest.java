package dev.frontline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageTextsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void withoutPlaceholder_everyMessageIsTheSameTail() {
    String tail = Frames.sendTail("a \"q\" 你好 || b");
    MessageTexts t = MessageTexts.fromTail(tail);
    assertSame(tail, t.nextTail());
    assertSame(tail, t.nextTail());
  }

  @Test
  void withPlaceholder_everyMessageDistinct_alternativesInTurn_validJson() throws Exception {
    MessageTexts t = MessageTexts.fromTail(Frames.sendTail("话费 \"{n}\" || 流量{n}"));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String text = JSON.readTree(Frames.send("c" + i, t.nextTail())).get("text").asText();
      assertTrue(seen.add(text), "distinct: " + text);
      assertTrue(i % 2 == 0 ? text.startsWith("话费 \"") : text.startsWith("流量"), text);
      assertTrue(!text.contains("{n}") && !text.contains("||"), text);
    }
    assertEquals(1000, seen.size());
  }
}
