package dev.frontline.knowledge.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.knowledge.model.FaqContent;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaqJsonlTest {

  private static List<FaqRecord> read(String text) {
    return FaqJsonl.read(new StringReader(text));
  }

  @Test
  void datasetLines_keepIdsAndFields_andSkipBlankLinesAndBom() {
    String text = "\uFEFF{\"id\": \"up-0001\", \"question\": \"什么是IC卡闪付？\", \"similar\": [\"银联IC卡闪付是什么\"],"
        + " \"answer\": \"IC卡是集成电路卡。\", \"category\": \"闪付\", \"extra\": 1}\n\n"
        + "{\"id\":\"b\",\"question\":\"q2\",\"similar\":\"one\",\"answer\":\"a2\"}\r\n";
    List<FaqRecord> r = read(text);
    assertEquals(2, r.size());
    assertEquals("up-0001", r.get(0).id());
    assertEquals(List.of("银联IC卡闪付是什么"), r.get(0).content().similar());
    assertEquals("闪付", r.get(0).content().category());
    assertEquals(List.of("one"), r.get(1).content().similar(), "a single string is a list of one");
    assertEquals("", r.get(1).content().category());
  }

  @Test
  void optionalFields_areRead_andAMissingIdIsNull() {
    List<FaqRecord> r = read("{\"question\":\"q\",\"answer\":\"a\",\"tags\":[\"x\"],\"channels\":[\"APP\"],"
        + "\"imageUrl\":\"https://img.example/a.png\",\"validFrom\":\"2025-01-01\",\"validUntil\":1767225600000}\n");
    FaqContent c = r.get(0).content();
    assertNull(r.get(0).id());
    assertEquals(List.of("x"), c.tags());
    assertEquals(List.of("app"), c.channels());
    assertEquals("https://img.example/a.png", c.imageUrl());
    assertEquals(1735689600000L, c.validFrom());
    assertEquals(1767225600000L, c.validUntil());
  }

  @Test
  void badJson_namesItsLine() {
    FaqFormatException e = assertThrows(FaqFormatException.class,
        () -> read("{\"id\":\"a\",\"question\":\"q\",\"answer\":\"a\"}\n\n{\"id\": \n"));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith("line 3: not valid JSON"), e.getMessage());
  }

  @Test
  void missingQuestion_emptyAnswer_wrongTypes_badIds_andRepeatedIds_nameTheLine() {
    assertEquals("line 1: missing field 'question'",
        assertThrows(FaqFormatException.class, () -> read("{\"id\":\"a\",\"answer\":\"x\"}")).getMessage());
    assertEquals(2, assertThrows(FaqFormatException.class,
        () -> read("{\"question\":\"q\",\"answer\":\"a\"}\n{\"question\":\"q\",\"answer\":\" \"}")).line());
    assertTrue(assertThrows(FaqFormatException.class,
        () -> read("{\"question\":\"q\",\"answer\":\"a\",\"similar\":[1]}")).getMessage().contains("'similar'"));
    assertTrue(assertThrows(FaqFormatException.class,
        () -> read("{\"id\":\"a b\",\"question\":\"q\",\"answer\":\"a\"}")).getMessage().contains("'id'"));
    FaqFormatException dup = assertThrows(FaqFormatException.class,
        () -> read("{\"id\":\"a\",\"question\":\"q\",\"answer\":\"a\"}\n{\"id\":\"a\",\"question\":\"r\",\"answer\":\"b\"}"));
    assertEquals(2, dup.line());
    assertTrue(dup.getMessage().contains("line 1"), dup.getMessage());
    assertEquals(1, assertThrows(FaqFormatException.class, () -> read("[1,2]")).line());
  }

  @Test
  void writeThenRead_givesTheSameRecords() throws Exception {
    List<FaqRecord> records = List.of(
        new FaqRecord("a", FaqContent.basic("话费怎么查？", List.of("查话费", "余额"), "发送 CXHF。\n第二行", "话费")),
        new FaqRecord("b", new FaqContent("q", List.of(), "a \"quoted\"", "https://x.example/i.png", "c",
            List.of("t1"), List.of("web", "app"), 1L, 2L)));
    StringBuilder out = new StringBuilder();
    FaqJsonl.write(records, out);
    assertEquals(2, out.toString().split("\n").length);
    assertEquals(records, read(out.toString()));
  }
}
