package dev.frontline.knowledge.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void quotedCells_keepDelimitersQuotesAndNewlines_andLineNumbersCountThem() {
    List<Csv.Row> rows = Csv.parse(new StringReader("a,\"b,\"\"c\"\"\nd\",e\r\nf,g\rh"));
    assertEquals(List.of("a", "b,\"c\"\nd", "e"), rows.get(0).cells());
    assertEquals(1, rows.get(0).line());
    assertEquals(List.of("f", "g"), rows.get(1).cells());
    assertEquals(3, rows.get(1).line());
    assertEquals(List.of("h"), rows.get(2).cells());
    assertEquals(4, rows.get(2).line());
  }

  @Test
  void emptyCells_andTrailingDelimiter_areKept() {
    assertEquals(List.of("", "", ""), Csv.parse(new StringReader(",,")).get(0).cells());
  }

  @Test
  void textAfterAClosingQuote_isAnError() {
    assertThrows(FaqFormatException.class, () -> Csv.parse(new StringReader("\"a\"b,c")));
  }

  @Test
  void delimiter_isTheOneTheHeaderUsesMost() {
    assertEquals(',', Csv.delimiter("a,b;c,d"));
    assertEquals(';', Csv.delimiter("a;b;c\n1,2,3,4,5"));
    assertEquals('\t', Csv.delimiter("a\tb\tc"));
    assertEquals(',', Csv.delimiter("\"x;y;z\",b"));
  }

  @Test
  void writeRow_quotesOnlyWhatNeedsIt() throws Exception {
    StringBuilder out = new StringBuilder();
    Csv.writeRow(out, java.util.Arrays.asList("plain", "a,b", "say \"hi\"", null, "两行\n文本"));
    assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",,\"两行\n文本\"\r\n", out.toString());
  }

  @Test
  void writeRow_defusesEveryFormulaStart_andRestoreUndoesIt() throws Exception {
    java.util.List<String> cells = java.util.Arrays.asList("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+2", "-3",
        "@SUM(A1)", "\tx", "\rx", "a=b", "'quoted");
    StringBuilder out = new StringBuilder();
    Csv.writeRow(out, cells);
    assertEquals("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'+1+2,'-3,'@SUM(A1),'\tx,\"'\rx\",a=b,'quoted\r\n",
        out.toString());
    java.util.List<String> back = Csv.parse(new java.io.StringReader(out.toString())).get(0).cells().stream()
        .map(Csv::restore).toList();
    assertEquals(cells, back, "an import of the export gets the cells as they were");
  }

  @Test
  void writeValues_writesNumbersAsTheyAre_andDefusesText() throws Exception {
    StringBuilder out = new StringBuilder();
    Csv.writeValues(out, java.util.Arrays.asList(-3, 0.25, "-3", "\tcmd", null, "=1+1"));
    assertEquals("-3,0.25,'-3,'\tcmd,,'=1+1\r\n", out.toString());
  }
}
