package dev.frontline.bot.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RerankerTrainerTest {

  private static final Fusion FUSION = new Fusion(4, 2, 16, 0, 0.1, 1, -2);

  private static final RerankerConfig CONFIG = new RerankerConfig(
      List.of(RerankFeature.LEXICAL, RerankFeature.DENSE_CENTROID), 0.1, 200, 0.05);

  private static EntryEvidence entry(String id, double lexical, double cosine) {
    return new EntryEvidence(id, 0, lexical, cosine, cosine, cosine, 2, 0);
  }

  /**
   * Questions whose own entry is nearer by meaning but shares fewer words than a rival: the
   * fusion's weights rank the rival first in every one.
   */
  private static List<RerankerTrainer.Example> lexicalTraps(int n) {
    List<RerankerTrainer.Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double jitter = (i % 7) * 0.01;
      out.add(new RerankerTrainer.Example(List.of(
          entry("rival" + i, 0.9 - jitter, 0.76 + jitter / 2),
          entry("own" + i, 0.2 + jitter, 0.80 + jitter / 2),
          entry("far" + i, 0.1, 0.5 + jitter)), "own" + i));
    }
    return out;
  }

  private static int ownFirst(List<RerankerTrainer.Example> examples, Reranker r) {
    int right = 0;
    for (RerankerTrainer.Example ex : examples) {
      List<Candidate> ranked = FUSION.rank(ex.candidates(), Double.NEGATIVE_INFINITY, r);
      right += ranked.get(0).faqId().equals(ex.faqId()) ? 1 : 0;
    }
    return right;
  }

  @Test
  void learnsToPutTheOwnEntryFirst_whereTheFusionPutsARivalFirst() {
    List<RerankerTrainer.Example> examples = lexicalTraps(60);
    Reranker r = RerankerTrainer.train(examples, FUSION, CONFIG);
    assertNotNull(r);
    assertEquals(0, ownFirst(examples, null));
    assertEquals(60, ownFirst(examples, r));
  }

  @Test
  void withoutTrainingSteps_changesNothing() {
    List<RerankerTrainer.Example> examples = lexicalTraps(60);
    RerankerConfig none = new RerankerConfig(CONFIG.features(), 0.1, 0, 0.05);
    assertEquals(0, ownFirst(examples, RerankerTrainer.train(examples, FUSION, none)));
  }

  @Test
  void sameQuestions_sameWeights() {
    List<RerankerTrainer.Example> examples = lexicalTraps(60);
    assertEquals(RerankerTrainer.train(examples, FUSION, CONFIG),
        RerankerTrainer.train(examples, FUSION, CONFIG));
  }

  @Test
  void tooFewQuestionsWithTheirEntryAmongTheCandidates_learnNothing() {
    List<RerankerTrainer.Example> examples = new ArrayList<>(lexicalTraps(RerankerTrainer.MIN_TRAINING - 1));
    examples.add(new RerankerTrainer.Example(List.of(entry("a", 0.5, 0.5), entry("b", 0.4, 0.4)), "c"));
    assertNull(RerankerTrainer.train(examples, FUSION, CONFIG));
  }

  @Test
  void theCalibratedScoreStaysThatOfTheUncorrectedScores() {
    List<RerankerTrainer.Example> examples = lexicalTraps(60);
    Reranker r = RerankerTrainer.train(examples, FUSION, CONFIG);
    List<EntryEvidence> first = examples.get(0).candidates();
    List<Candidate> plain = FUSION.rank(first, Double.NEGATIVE_INFINITY, null);
    List<Candidate> reranked = FUSION.rank(first, Double.NEGATIVE_INFINITY, r);
    // the promoted entry trails the rival on the fused score: it is offered less confidently
    assertEquals("own0", reranked.get(0).faqId());
    assertTrue(reranked.get(0).score() < plain.get(0).score());
  }
}
