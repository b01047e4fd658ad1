package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import dev.frontline.bot.embed.EmbeddingModel;
import org.junit.jupiter.api.Test;

/** Guards the matching quality on a dev split (banking77-en: 77 entries, 770 questions). */
class DevAccuracyFloorTest {

  @Test
  void banking77Dev_hybridTop1AccuracyStaysAboveTheFloor() {
    Optional<Path> dir = Datasets.find("banking77-en");
    assumeTrue(dir.isPresent(), "shared/datasets/banking77-en not found beside the repository");
    BotConfig config = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_EN);
    EvalReport report =
        EvalReport.of(
            Evaluator.run(config, Evaluator.faq(dir.get()), Evaluator.queries(dir.get(), "dev")));
    assertTrue(report.top1() >= 0.82, "top-1 " + report.top1());
    assertTrue(report.answerPrecision() >= 0.88, "answer precision " + report.answerPrecision());
    assertTrue(report.answerRate() >= 0.75, "answer rate " + report.answerRate());
  }

  @Test
  void banking77Dev_bm25Top1AccuracyStaysAboveTheFloor() {
    Optional<Path> dir = Datasets.find("banking77-en");
    assumeTrue(dir.isPresent(), "shared/datasets/banking77-en not found beside the repository");
    List<EvalResult> results =
        Evaluator.run(BotConfig.defaults(), Evaluator.faq(dir.get()), Evaluator.queries(dir.get(), "dev"));
    EvalReport report = EvalReport.of(results);
    assertTrue(report.top1() >= 0.56, "top-1 " + report.top1());
    assertTrue(report.top3() >= 0.73, "top-3 " + report.top3());
  }
}
