package dev.frontline.bot.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Fuses BM25 and dense evidence into one confidence in [0, 1], in two steps fitted on the dev
 * splits (docs/bot.md):
 *
 * <ol>
 *   <li>a ranking score {@code z = lexical·L + denseMax·Dmax + denseCentroid·Dcent +
 *       identifiers·I} (I: the share of a Chinese question's Latin and digit terms, its names and
 *       codes, that the entry has), weights chosen for top-1 accuracy;
 *   <li>a calibration {@code p = sigmoid(level·(z − identifiers·I) + margin·(z − z_best_other) +
 *       bias)}: a logistic model of "this entry is the right one" on the winning entry's score
 *       and its lead over the runner-up, so that p reads as a rough probability of being right
 *       and thresholds on it mean the same across questions. The level leaves the identifier
 *       part out: a shared name picks the twin (it widens the lead) but does not make the rest
 *       of the question any closer, which fitted dev better and keeps an unrelated question to
 *       a tiny base as unsure as before.
 * </ol>
 */
public record Fusion(
    double lexical,
    double denseMax,
    double denseCentroid,
    double identifiers,
    double level,
    double margin,
    double bias) {

  /** The ranking score of one entry. */
  public double rankingScore(EntryEvidence e) {
    return lexical * e.lexical() + denseMax * e.denseMax() + denseCentroid * e.denseCentroid()
        + identifiers * e.identifiers();
  }

  /** Candidates best first with calibrated scores. */
  public List<Candidate> rank(List<EntryEvidence> evidence) {
    return rank(evidence, Double.NEGATIVE_INFINITY);
  }

  /** The ranking score of an entry with no shared term and the model's unrelated similarity. */
  public double unrelatedScore(double unrelatedCosine) {
    return denseMax * unrelatedCosine + denseCentroid * unrelatedCosine;
  }

  /**
   * Candidates best first with calibrated scores; the runner-up counts as scoring at least
   * {@code rivalFloor} (an unrelated entry), so that a small knowledge base, where the best
   * entry has no real rival, does not look certain for every question.
   */
  public List<Candidate> rank(List<EntryEvidence> evidence, double rivalFloor) {
    return rank(evidence, rivalFloor, null);
  }

  /**
   * The same, ordered by the ranking scores corrected by {@code reranker} (null: none). The
   * calibrated score stays a function of the uncorrected scores it was fitted on; an entry the
   * re-ranker moves ahead of a higher-scoring one leads by a negative margin, so it is offered
   * with less confidence rather than more.
   */
  public List<Candidate> rank(List<EntryEvidence> evidence, double rivalFloor, Reranker reranker) {
    int n = evidence.size();
    double[] z = new double[n];
    double[] key = new double[n];
    int best = -1;
    int second = -1;
    for (int i = 0; i < n; i++) {
      z[i] = rankingScore(evidence.get(i));
      key[i] = reranker == null ? z[i] : z[i] + reranker.adjustment(evidence.get(i), evidence);
      if (best < 0 || z[i] > z[best]) {
        second = best;
        best = i;
      } else if (second < 0 || z[i] > z[second]) {
        second = i;
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // The ranking score orders; the calibrated score never rises down the list (without the
    // identifier part in the level, a runner-up without the question's name could otherwise
    // look likelier than the entry that has it).
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> key[i]).reversed());
    List<Candidate> out = new ArrayList<>(n);
    double ceiling = 1;
    for (int i : order) {
      int other = i == best ? second : best; // by uncorrected score: the calibration's rival
      double rival = Math.max(other < 0 ? 0 : z[other], rivalFloor);
      double sentence = z[i] - identifiers * evidence.get(i).identifiers();
      double p = Math.min(ceiling, sigmoid(level * sentence + margin * (z[i] - rival) + bias));
      ceiling = p;
      out.add(new Candidate(evidence.get(i).faqId(), p));
    }
    return out;
  }

  private static double sigmoid(double t) {
    return 1 / (1 + Math.exp(-t));
  }
}
