package dev.frontline.knowledge.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.knowledge.model.FaqEntry;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  @Test
  void readEntries_skipsBlankLines_andToleratesUnknownFields() {
    String text =
        """
        {"id":"a","question":"话费怎么查？","similar":["查话费"],"answer":"发送CXHF到10086。","category":"话费","extra":1}

        {"id":"b","question":"How do I reset my password?"}
        """;
    List<FaqEntry> entries = JsonLines.readEntries(new StringReader(text), "t.jsonl");
    assertEquals(2, entries.size());
    assertEquals(List.of("查话费"), entries.get(0).similar());
    assertEquals("", entries.get(1).answer());
  }

  @Test
  void readEntries_badJson_namesTheLine() {
    String text = "{\"id\":\"a\",\"question\":\"q\"}\n{\"id\": \n";
    JsonLinesException e =
        assertThrows(
            JsonLinesException.class, () -> JsonLines.readEntries(new StringReader(text), "x"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith("x:2:"), e.getMessage());
  }

  @Test
  void readEntries_missingQuestion_namesTheLineAndField() {
    String text = "\n{\"id\":\"a\"}\n";
    JsonLinesException e =
        assertThrows(
            JsonLinesException.class, () -> JsonLines.readEntries(new StringReader(text), "x"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("question"), e.getMessage());
  }

  @Test
  void readEntries_singleStringSimilar_isAListOfOne() {
    String text = "{\"id\":\"a\",\"question\":\"q\",\"similar\":\"p\"}";
    assertEquals(List.of("p"), JsonLines.readEntries(new StringReader(text), "x").get(0).similar());
  }
}
