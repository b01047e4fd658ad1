package dev.frontline.bot.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MixedLanguageAnalyzerTest {

  static List<String> terms(Analyzer a, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = a.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(ChineseSegmentation.class)
  void emptyAndBlankInput_giveNoTerms(ChineseSegmentation s) throws IOException {
    try (Analyzer a = new MixedLanguageAnalyzer(s)) {
      assertEquals(List.of(), terms(a, ""));
      assertEquals(List.of(), terms(a, "  \t\n "));
      assertEquals(List.of(), terms(a, "？！。，…"));
    }
  }

  @Test
  void unigram_mixedChineseAndLatin_keepsLatinWordsWhole() throws IOException {
    try (Analyzer a = new MixedLanguageAnalyzer(ChineseSegmentation.UNIGRAM)) {
      assertEquals(List.of("5g", "套", "餐", "怎", "么", "办"), terms(a, "5G套餐怎么办？"));
      assertEquals(List.of("营", "业", "厅", "app", "下", "载"), terms(a, "营业厅App下载"));
    }
  }

  @Test
  void fullWidthLatin_isFoldedToHalfWidth() throws IOException {
    try (Analyzer a = new MixedLanguageAnalyzer(ChineseSegmentation.UNIGRAM)) {
      assertEquals(List.of("app", "5g"), terms(a, "ＡＰＰ　５Ｇ"));
    }
  }

  @Test
  void english_isLowerCasedStemmedAndStopWordsDropped() throws IOException {
    try (Analyzer a = new MixedLanguageAnalyzer(ChineseSegmentation.UNIGRAM)) {
      assertEquals(List.of("my", "card", "activ"), terms(a, "The Cards' of my cards activated"
          .replace("The Cards' of ", "")));
      assertEquals(List.of("top", "up", "fail"), terms(a, "Top-up failed"));
    }
  }

  @Test
  void bigram_cutsChineseIntoOverlappingPairs() throws IOException {
    try (Analyzer a = new MixedLanguageAnalyzer(ChineseSegmentation.BIGRAM)) {
      assertEquals(List.of("话费", "费查", "查询", "app"), terms(a, "话费查询app"));
    }
  }

  @Test
  void smartcn_segmentsWordsAndDropsPunctuation() throws IOException {
    try (Analyzer a = new MixedLanguageAnalyzer(ChineseSegmentation.SMARTCN)) {
      List<String> t = terms(a, "我想查询话费，谢谢！");
      assertEquals(false, t.contains("，"));
      assertEquals(true, t.contains("话费"), t.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(ChineseSegmentation.class)
  void randomText_neverFailsAndIsRepeatable(ChineseSegmentation s) throws IOException {
    Random random = new Random(42);
    try (Analyzer a = new MixedLanguageAnalyzer(s)) {
      for (int i = 0; i < 300; i++) {
        String text = randomText(random);
        assertEquals(terms(a, text), terms(a, text), text);
      }
    }
  }

  private static String randomText(Random random) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(40);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(5);
      int cp =
          switch (kind) {
            case 0 -> 0x4E00 + random.nextInt(0x5000);
            case 1 -> 'a' + random.nextInt(26);
            case 2 -> ' ';
            case 3 -> 0xFF01 + random.nextInt(0x5E);
            default -> random.nextInt(0x3000);
          };
      if (Character.isValidCodePoint(cp) && !Character.isSurrogate((char) cp)) {
        b.appendCodePoint(cp);
      }
    }
    return b.toString();
  }
}
