package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.embed.EmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the matching quality on dev splits, just below what the tuned bot reaches there
 * (docs/bot.md), so that a regression fails.
 */
class DevAccuracyFloorTest {

  @Test
  void banking77Dev_hybridTop1AccuracyStaysAboveTheFloor() {
    EvalReport report = hybrid("banking77-en", EmbeddingModel.BGE_SMALL_EN);
    assertTrue(report.top1() >= 0.845, "top-1 " + report.top1());
    assertTrue(report.answerPrecision() >= 0.93, "answer precision " + report.answerPrecision());
    assertTrue(report.answerRate() >= 0.77, "answer rate " + report.answerRate());
    assertTrue(report.servedRight() >= 0.835, "right and not handed off " + report.servedRight());
  }

  @Test
  void clinc150Dev_hybridTop1AndOutOfScopeHandOffStayAboveTheFloor() {
    EvalReport report = hybrid("clinc150-en", EmbeddingModel.BGE_SMALL_EN);
    assertTrue(report.top1() >= 0.91, "top-1 " + report.top1());
    assertTrue(report.oosHandedOff() >= 0.79, "oos handed off " + report.oosHandedOff());
    assertTrue(report.servedRight() >= 0.90, "right and not handed off " + report.servedRight());
    assertTrue(report.answerPrecision() >= 0.92, "answer precision " + report.answerPrecision());
  }

  @Test
  void unionpayDev_hybridTop1AccuracyStaysAboveTheFloor() {
    EvalReport report = hybrid("unionpay-faq-zh", EmbeddingModel.BGE_SMALL_ZH);
    assertTrue(report.top1() >= 0.70, "top-1 " + report.top1());
    assertTrue(report.answerPrecision() >= 0.92, "answer precision " + report.answerPrecision());
    assertTrue(report.answerRate() >= 0.26, "answer rate " + report.answerRate());
    assertTrue(report.servedRight() >= 0.705, "right and not handed off " + report.servedRight());
  }

  @Test
  void banking77Dev_bm25Top1AccuracyStaysAboveTheFloor() {
    Path dir = dataset("banking77-en");
    List<EvalResult> results =
        Evaluator.run(BotConfig.defaults(), Evaluator.faq(dir), Evaluator.queries(dir, "dev"));
    EvalReport report = EvalReport.of(results);
    assertTrue(report.top1() >= 0.56, "top-1 " + report.top1());
    assertTrue(report.top3() >= 0.73, "top-3 " + report.top3());
  }

  /** Calibrated as {@code bot eval -Dbot.outOfScope=dev}: dev's out-of-scope questions are the examples. */
  private static EvalReport hybrid(String name, EmbeddingModel model) {
    Path dir = dataset(name);
    BotConfig config = BotConfig.defaults().withDense(model);
    return EvalReport.of(Evaluator.run(config, Evaluator.faq(dir), Evaluator.queries(dir, "dev"),
        Evaluator.outOfScope(dir, "dev")));
  }

  private static Path dataset(String name) {
    return Datasets.require(name);
  }
}
