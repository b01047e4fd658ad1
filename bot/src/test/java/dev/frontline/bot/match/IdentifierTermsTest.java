package dev.frontline.bot.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.analysis.ChineseSegmentation;
import dev.frontline.bot.analysis.MixedLanguageAnalyzer;
import dev.frontline.bot.index.PhrasingDocuments;
import org.junit.jupiter.api.Test;

class IdentifierTermsTest {

  @Test
  void latinTermsAndLongNumbers_areIdentifiers_amountsYearsAndHanAreNot() {
    assertTrue(IdentifierTerms.isIdentifier("mi"));
    assertTrue(IdentifierTerms.isIdentifier("10000z8"));
    assertTrue(IdentifierTerms.isIdentifier("5g"));
    assertTrue(IdentifierTerms.isIdentifier("95516"));
    assertFalse(IdentifierTerms.isIdentifier("500"));
    assertFalse(IdentifierTerms.isIdentifier("2017"));
    assertFalse(IdentifierTerms.isIdentifier("卡"));
  }

  @Test
  void onlyChineseQuestionsHaveIdentifierTerms() {
    try (MixedLanguageAnalyzer a = new MixedLanguageAnalyzer(ChineseSegmentation.UNIGRAM)) {
      assertFalse(terms(a, "我在2017年转了500元，报错9100004").isEmpty());
      assertTrue(terms(a, "我在2017年转了500元").isEmpty());
      assertTrue(terms(a, "How do I add my card to Apple Pay?").isEmpty());
      assertTrue(terms(a, "   ").isEmpty());
    }
  }

  @Test
  void aQuestionFullOfLatinWords_keepsAtMostTheCap() {
    try (MixedLanguageAnalyzer a = new MixedLanguageAnalyzer(ChineseSegmentation.UNIGRAM)) {
      IdentifierTerms t = terms(a, "请问 alpha bravo charlie delta echo foxtrot golf hotel india juliet");
      assertEquals(IdentifierTerms.MAX_TERMS, t.size());
    }
  }

  private static IdentifierTerms terms(MixedLanguageAnalyzer a, String q) {
    return IdentifierTerms.of(q, QueryTerms.analyze(a, PhrasingDocuments.TEXT, q));
  }
}
