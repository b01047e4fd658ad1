package dev.frontline.knowledge.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.knowledge.model.FaqContent;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaqCsvTest {

  private static List<FaqRecord> read(String text) {
    return FaqCsv.read(new StringReader(text));
  }

  @Test
  void excelUtf8WithBom_quotedFieldsAndCrlf_areRead() {
    String text = "\uFEFFid,question,similar,answer,category\r\n"
        + "tel-001,怎么查询话费余额？,查话费|我还有多少话费 | 话费余额怎么看,\"发送\"\"CXHF\"\"到10001，\r\n或用App。\",话费\r\n"
        + "\r\n"
        + "tel-002,\"怎么给手机充值, 在线?\",,充值卡或App。,充值\r\n";
    List<FaqRecord> r = read(text);
    assertEquals(2, r.size());
    assertEquals("tel-001", r.get(0).id());
    assertEquals(List.of("查话费", "我还有多少话费", "话费余额怎么看"), r.get(0).content().similar());
    assertEquals("发送\"CXHF\"到10001，\r\n或用App。", r.get(0).content().answer());
    assertEquals("怎么给手机充值, 在线?", r.get(1).content().question());
    assertEquals(List.of(), r.get(1).content().similar());
  }

  @Test
  void columnsInAnyOrderAndCase_unknownOnesIgnored_shortRowsAllowed_semicolonDelimiterDetected() {
    List<FaqRecord> r = read("Answer;Question;Notes;ID\nA1;Q1;whatever;x1\nA2;Q2\n");
    assertEquals("x1", r.get(0).id());
    assertEquals("Q1", r.get(0).content().question());
    assertEquals("A1", r.get(0).content().answer());
    assertNull(r.get(1).id());
  }

  @Test
  void badRows_nameTheLineTheRecordStartsOn() {
    String multiLine = "id,question,answer\na,q,\"line one\nline two\"\nb,,x\n";
    FaqFormatException e = assertThrows(FaqFormatException.class, () -> read(multiLine));
    assertEquals(4, e.line(), e.getMessage());
    assertTrue(e.getMessage().contains("'question'"), e.getMessage());
    assertEquals(3, assertThrows(FaqFormatException.class, () -> read("id,question,answer\na,q,x\nb,q2,\"open")).line());
    assertEquals(1, assertThrows(FaqFormatException.class, () -> read("id,question\na,q\n")).line());
    assertEquals(2, assertThrows(FaqFormatException.class, () -> read("question,answer,validFrom\nq,a,soon\n")).line());
    assertEquals(1, assertThrows(FaqFormatException.class, () -> read("")).line());
  }

  @Test
  void writeThenRead_roundTripsEveryField_withBom() throws Exception {
    List<FaqRecord> records = List.of(
        new FaqRecord("a", new FaqContent("话费, 怎么查？", List.of("查\"话费\"", "余额"), "第一行\r\n第二行", null, "话费",
            List.of("t1", "t2"), List.of("web"), 1_700_000_000_000L, null)),
        new FaqRecord("b", FaqContent.basic(" q ", List.of(), "=a", "")));
    StringBuilder out = new StringBuilder();
    FaqCsv.write(records, out, true);
    assertEquals('\uFEFF', out.charAt(0));
    assertTrue(out.toString().contains("\r\n"));
    List<FaqRecord> back = read(out.toString());
    assertEquals(records, back);
  }

  @Test
  void anItemsOwnSeparator_isWrittenFullWidth() throws Exception {
    StringBuilder out = new StringBuilder();
    FaqCsv.write(List.of(new FaqRecord("a", FaqContent.basic("q", List.of("a|b", "c"), "x", ""))), out, false);
    assertEquals(List.of("a\uFF5Cb", "c"), read(out.toString()).get(0).content().similar());
  }

  @Test
  void content_limitsAreCheckedPerRow() {
    String longQuestion = "问".repeat(FaqContent.MAX_QUESTION + 1);
    FaqFormatException e = assertThrows(FaqFormatException.class, () -> read("question,answer\nok,a\n" + longQuestion + ",a\n"));
    assertEquals(3, e.line());
  }
}
