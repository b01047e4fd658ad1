package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.decide.Thresholds;
import dev.frontline.bot.match.Candidate;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thresholds learned from a knowledge base's own phrasings and out-of-scope examples. */
class CalibrationTest {

  private static final Thresholds DEFAULTS = new Thresholds(0.85, 0.3);

  private static EvalResult held(String gold, String best, double score) {
    return new EvalResult(new EvalQuery("q", gold), BotReply.handoff("no_match"),
        List.of(new Candidate(best, score)), 0, 0);
  }

  /** 100 held-out questions: scores 0.01..1.00, wrong below 0.4 and at every 4th up to 0.8. */
  private static List<EvalResult> heldOut() {
    List<EvalResult> out = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      boolean right = i >= 40 && (i > 80 || i % 4 != 0);
      out.add(held("a", right ? "a" : "b", i / 100.0));
    }
    return out;
  }

  @Test
  void answerThreshold_isTheLowestCutWhoseHeldOutAnswersReachTheTarget_andRisesWithIt() {
    Calibration c = Calibrator.calibrate("zh", heldOut(), List.of(), CalibrationSettings.DEFAULTS, DEFAULTS);
    assertTrue(c.learned());
    double answer = c.thresholds().answer();
    assertTrue(c.at(answer).precision() >= 0.9 + Calibrator.PRECISION_MARGIN - 1e-9, c.at(answer).toString());
    assertTrue(c.at(answer - 0.01).precision() < 0.9 + Calibrator.PRECISION_MARGIN, "the lowest such cut");
    Calibration strict = Calibrator.calibrate("zh", heldOut(), List.of(),
        CalibrationSettings.DEFAULTS.withTargetPrecision(0.95), DEFAULTS);
    assertTrue(strict.thresholds().answer() > answer);
    assertEquals(strict.thresholds().answer(), c.answerFor(0.95), 1e-9, "the preview is what saving gives");
  }

  @Test
  void withoutOutOfScopeExamples_suggestIsTheSafeDefault_cappedByTheBasesOwnQuestions() {
    Calibration c = Calibrator.calibrate("zh", heldOut(), List.of(), CalibrationSettings.DEFAULTS, DEFAULTS);
    assertTrue(c.suggestDefaulted());
    assertTrue(c.thresholds().suggest() <= DEFAULTS.suggest());
    assertTrue(c.at(c.thresholds().suggest()).inScopeBelow() <= Calibrator.DEFAULT_IN_SCOPE_HANDOFF + 1e-9,
        "hands off at most the allowed share of the base's own questions");
    List<EvalResult> confident = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      confident.add(held("a", "a", 0.95));
    }
    assertEquals(DEFAULTS.suggest(), Calibrator.calibrate("zh", confident, List.of(), CalibrationSettings.DEFAULTS,
        DEFAULTS).thresholds().suggest(), 1e-9, "never above the language default");
  }

  @Test
  void outOfScopeExamples_placeTheSuggestCutBetweenThemAndTheBasesQuestions() {
    List<EvalResult> oos = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      oos.add(held(null, "a", 0.001 + i * 0.0002));
    }
    Calibration c = Calibrator.calibrate("en", heldOut(), oos, CalibrationSettings.DEFAULTS, DEFAULTS);
    assertFalse(c.suggestDefaulted());
    assertEquals(1.0, c.at(c.thresholds().suggest()).outOfScopeBelow(), 1e-9, "every example handed off");
    assertTrue(c.at(c.thresholds().suggest()).inScopeBelow() <= 0.05);
  }

  @Test
  void tooFewHeldOutPhrasings_keepTheLanguageDefaults() {
    Calibration c = Calibrator.calibrate("zh", heldOut().subList(0, Calibrator.MIN_HELD_OUT - 1), List.of(),
        CalibrationSettings.DEFAULTS, DEFAULTS);
    assertFalse(c.learned());
    assertEquals(DEFAULTS, c.thresholds());
    assertEquals(DEFAULTS.answer(), c.answerFor(0.99), 1e-9);
  }

  private static List<FaqEntry> base(int entries) {
    String[] topics = {"话费", "流量", "宽带", "套餐", "积分", "发票", "漫游", "密码", "携号转网", "停机"};
    List<FaqEntry> out = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      String t = topics[i % topics.length] + (i / topics.length);
      out.add(new FaqEntry("e" + i, "怎么查询" + t, List.of(t + "怎么查", "查一下" + t, t + "在哪里看"), "答" + i, ""));
    }
    return out;
  }

  @Test
  void aBotHoldsEachPhrasingOutOfItsOwnBase_andLearnsAgainWhenTheBaseChanges() throws InterruptedException {
    try (LuceneFaqBot bot = new LuceneFaqBot(BotConfig.defaults())) {
      bot.replaceAll(base(10));
      bot.settle();
      Calibration c = bot.calibrations().get(0);
      assertEquals(40, c.heldOut(), "every phrasing of the ten four-phrasing entries");
      // Left in, a held-out phrasing would find itself: a perfect lexical match for every one.
      assertTrue(c.at(1.0).answered() < 0.5, "held out, a phrasing does not match itself: " + c.at(1.0));
      assertTrue(c.learned());
      bot.upsert(new FaqEntry("extra", "怎么开发票", List.of("发票怎么开", "我要开发票"), "App里开。", ""));
      bot.calibrate(CalibrationSettings.DEFAULTS.withOutOfScope(List.of("今天天气怎么样", "猫粮哪个牌子好")));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (bot.calibrations().get(0).heldOut() != 43 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Calibration after = bot.calibrations().get(0);
      assertEquals(43, after.heldOut(), "relearned in the background after the change");
      assertEquals(2, after.outOfScope());
    }
  }
}
