package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.match.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdTunerTest {

  private static EvalResult result(String gold, String best, double score) {
    return new EvalResult(new EvalQuery("q", gold), BotReply.handoff("no_match"),
        List.of(new Candidate(best, score)), 0, 0);
  }

  private static final List<EvalResult> RESULTS = List.of(
      result("a", "a", 0.9), result("b", "b", 0.8), result("c", "x", 0.15),
      result(null, "a", 0.1), result(null, "b", 0.2));

  @Test
  void suggestThreshold_handsOffTheMostOutOfScopeQuestions_withinTheInScopeCap() {
    assertEquals(0.11, ThresholdTuner.suggestThreshold(RESULTS, 0.0), 1e-9,
        "no in-scope question may go: the cut stops under the in-scope 0.15, past one out-of-scope question");
    assertEquals(0.2, ThresholdTuner.suggestThreshold(RESULTS, 0.5), 0.011,
        "a third of in-scope allowed: both out-of-scope questions go, with the wrongly matched in-scope one");
  }

  @Test
  void sweep_reportsHandOffsAndRightAnswersPerCut() {
    String table = ThresholdTuner.sweep(RESULTS);
    assertTrue(table.contains("0.20      33.3 %      50.0 %       66.7 %"), table);
    assertTrue(table.contains("0.85      66.7 %     100.0 %       33.3 %"), table);
  }
}
