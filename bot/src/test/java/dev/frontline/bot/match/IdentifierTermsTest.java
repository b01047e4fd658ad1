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
  void amountsAndYearsAlone_giveNoIdentifierTerms_aBareCodeDoes() {
    try (MixedLanguageAnalyzer a = new MixedLanguageAnalyzer(ChineseSegmentation.UNIGRAM)) {
      assertEquals(1, terms(a, "我在2017年转了500元，报错9100004").size());
      assertTrue(terms(a, "我在2017年转了500元").isEmpty());
      assertEquals(1, terms(a, "10000P1").size());
      assertEquals(2, terms(a, "Mi Pay短信验证码多久有效").size());
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
    return IdentifierTerms.of(QueryTerms.analyze(a, PhrasingDocuments.TEXT, q));
  }
}
