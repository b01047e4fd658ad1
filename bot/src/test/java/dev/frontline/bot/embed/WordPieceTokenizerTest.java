package dev.frontline.bot.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {

  private static WordPieceTokenizer en;
  private static WordPieceTokenizer zh;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = WordPieceTokenizerTest.class.getResourceAsStream(
        EmbeddingModel.BGE_SMALL_EN.tokenizerResource())) {
      en = WordPieceTokenizer.fromJson(in, null);
    }
    try (InputStream in = WordPieceTokenizerTest.class.getResourceAsStream(
        EmbeddingModel.BGE_SMALL_ZH.tokenizerResource())) {
      zh = WordPieceTokenizer.fromJson(in, null);
    }
  }

  private static long[] ids(WordPieceTokenizer t, String... tokens) {
    long[] out = new long[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      out[i] = t.id(tokens[i]);
    }
    return out;
  }

  @Test
  void english_isLowerCasedSplitOnPunctuationAndWordPieced() {
    assertArrayEquals(
        ids(en, "[CLS]", "hello", ",", "em", "##bed", "##ding", "##s", "world", "!", "[SEP]"),
        en.encode("Hello, Embeddings WORLD!", 64));
  }

  @Test
  void chinese_isOneTokenPerCharacter_withLatinWordsKept() {
    assertEquals(List.of("办", "理", "5g", "套", "餐"), zh.basicTokens("办理5g套餐"));
    assertEquals(List.of("营", "业", "厅", "app"), zh.basicTokens("营业厅app"));
  }

  @Test
  void emptyText_isJustClsAndSep_andLongTextIsCut() {
    assertArrayEquals(ids(en, "[CLS]", "[SEP]"), en.encode("", 64));
    assertEquals(8, en.encode("a b c d e f g h i j k l", 8).length);
  }

  @Test
  void unknownWord_becomesUnk() {
    assertArrayEquals(ids(en, "[CLS]", "[UNK]", "[SEP]"), en.encode("\uD83D\uDE00", 64));
  }
}
