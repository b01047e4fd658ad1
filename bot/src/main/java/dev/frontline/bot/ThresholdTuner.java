package dev.frontline.bot;

import dev.frontline.bot.decide.Thresholds;
import java.util.List;
import java.util.Locale;

/**
 * Picks thresholds from labelled dev results, the procedure a deploying company runs on its own
 * questions ({@code BotCli tune}):
 *
 * <ul>
 *   <li>answer: the lowest score at which at least {@code targetPrecision} of the dev questions
 *       answered would be answered right (out-of-scope ones count as wrong), so the bot answers
 *       as often as it can at that precision;
 *   <li>suggest (below it: hand off): with out-of-scope dev questions, the score that best
 *       separates them from in-scope ones (most out-of-scope handed off minus in-scope handed
 *       off), capped so at most {@code maxInScopeHandoff} of in-scope questions are handed off;
 *       without out-of-scope questions there is nothing to estimate it from, and the given
 *       default stays.
 * </ul>
 */
final class ThresholdTuner {

  static final double STEP = 0.01;

  private ThresholdTuner() {}

  static Thresholds tune(
      List<EvalResult> results, double targetPrecision, double maxInScopeHandoff, double defaultSuggest) {
    boolean hasOutOfScope = results.stream().anyMatch(r -> !r.query().inScope());
    double suggest = hasOutOfScope ? suggestThreshold(results, maxInScopeHandoff) : defaultSuggest;
    double answer = answerThreshold(results, targetPrecision);
    return new Thresholds(Math.max(answer, suggest), suggest);
  }

  static double answerThreshold(List<EvalResult> results, double targetPrecision) {
    for (double t = 0; t <= 1.0 + 1e-9; t += STEP) {
      int answered = 0, right = 0;
      for (EvalResult r : results) {
        if (r.bestScore() >= t && !r.ranked().isEmpty()) {
          answered++;
          right += r.top1Right() ? 1 : 0;
        }
      }
      if (answered > 0 && (double) right / answered >= targetPrecision) {
        return round(t);
      }
    }
    return 1.0;
  }

  static double suggestThreshold(List<EvalResult> results, double maxInScopeHandoff) {
    double best = 0, bestGain = -1;
    for (double t = 0; t <= 1.0 + 1e-9; t += STEP) {
      Cut c = Cut.at(results, t);
      if (c.inHandedOff() > maxInScopeHandoff) {
        break;
      }
      double gain = c.oosHandedOff() - c.inHandedOff();
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        best = t;
      }
    }
    return round(best);
  }

  /**
   * The trade-off of the suggest threshold, one line per step of 0.05: in-scope and out-of-scope
   * questions handed off, and in-scope questions served right (the best entry is the gold one
   * and the question is not handed off), for {@code BotCli eval -Dbot.sweep=true}.
   */
  static String sweep(List<EvalResult> results) {
    StringBuilder b = new StringBuilder("suggest  in-handoff  oos-handoff  right-not-handed\n");
    for (int step = 4; step <= 18; step++) {
      double t = step * 0.05;
      Cut c = Cut.at(results, t);
      b.append(String.format(Locale.ROOT, "%.2f     %5.1f %%     %5.1f %%      %5.1f %%%n",
          t, 100 * c.inHandedOff(), 100 * c.oosHandedOff(), 100 * c.servedRight()));
    }
    return b.toString();
  }

  /** What a suggest threshold does to labelled questions: shares of in-scope ones and out-of-scope ones. */
  private record Cut(double inHandedOff, double oosHandedOff, double servedRight) {
    static Cut at(List<EvalResult> results, double t) {
      int in = 0, oos = 0, inBelow = 0, oosBelow = 0, served = 0;
      for (EvalResult r : results) {
        boolean below = r.bestScore() < t;
        if (r.query().inScope()) {
          in++;
          inBelow += below ? 1 : 0;
          served += !below && r.top1Right() ? 1 : 0;
        } else {
          oos++;
          oosBelow += below ? 1 : 0;
        }
      }
      return new Cut(in == 0 ? 0 : (double) inBelow / in, (double) oosBelow / Math.max(1, oos),
          (double) served / Math.max(1, in));
    }
  }

  private static double round(double t) {
    return Math.round(t * 100) / 100.0;
  }
}
