package dev.frontline.bot;

import dev.frontline.bot.decide.Thresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * Learns a knowledge base's thresholds from the base itself (docs/bot.md, "Calibration per
 * knowledge base"): its phrasings held out in turn stand for visitors' in-scope questions, and
 * out-of-scope examples (marked by an editor, or unanswered questions an editor dismissed) for the
 * questions it should not answer. {@link ThresholdTuner} then places the cuts as it does on
 * labelled dev questions:
 *
 * <ul>
 *   <li>answer: the lowest score at which the answered share is right at least {@code
 *       targetPrecision} of the time (out-of-scope examples answered count as wrong);
 *   <li>suggest (below it: hand off): with out-of-scope examples, the cut that hands off most of
 *       them and few in-scope questions ({@link #MAX_IN_SCOPE_HANDOFF}); without, the safe
 *       default: the language's default cut, but never above the score under which more than
 *       {@link #DEFAULT_IN_SCOPE_HANDOFF} of the base's own held-out questions fall.
 * </ul>
 *
 * With fewer than {@link #MIN_HELD_OUT} held-out phrasings (a base of one phrasing per entry)
 * there is nothing to learn from and the language defaults stay.
 */
final class Calibrator {

  static final double STEP = ThresholdTuner.STEP;

  /** Held-out phrasings needed before the thresholds are learned rather than defaulted. */
  static final int MIN_HELD_OUT = 30;

  /** In-scope share a learned suggest cut may hand off (with out-of-scope examples). */
  static final double MAX_IN_SCOPE_HANDOFF =
      Double.parseDouble(System.getProperty("bot.cal.maxInScopeHandoff", "0.01"));

  /** In-scope share of held-out questions the safe default may hand off (without examples). */
  static final double DEFAULT_IN_SCOPE_HANDOFF =
      Double.parseDouble(System.getProperty("bot.cal.defaultInScopeHandoff", "0.005"));

  /** Added to the owner's precision target on held-out phrasings, which are easier than visitors' words. */
  static final double PRECISION_MARGIN =
      Double.parseDouble(System.getProperty("bot.cal.precisionMargin", "0.0"));

  private Calibrator() {}

  static Calibration calibrate(
      String language,
      List<EvalResult> heldOut,
      List<EvalResult> outOfScope,
      CalibrationSettings settings,
      Thresholds defaults) {
    List<Calibration.Point> curve = curve(heldOut, outOfScope);
    if (heldOut.size() < MIN_HELD_OUT) {
      return new Calibration(language, defaults, settings.targetPrecision(), heldOut.size(),
          outOfScope.size(), false, outOfScope.isEmpty(), curve);
    }
    boolean defaulted = outOfScope.isEmpty();
    double suggest = defaulted
        ? Math.min(defaults.suggest(), quantile(heldOut, DEFAULT_IN_SCOPE_HANDOFF))
        : ThresholdTuner.suggestThreshold(both(heldOut, outOfScope), MAX_IN_SCOPE_HANDOFF);
    Calibration withSuggest = new Calibration(language, new Thresholds(suggest, suggest),
        settings.targetPrecision(), heldOut.size(), outOfScope.size(), true, defaulted, curve);
    double answer = withSuggest.answerFor(settings.targetPrecision());
    return new Calibration(language, new Thresholds(answer, suggest), settings.targetPrecision(),
        heldOut.size(), outOfScope.size(), true, defaulted, curve);
  }

  private static List<EvalResult> both(List<EvalResult> a, List<EvalResult> b) {
    List<EvalResult> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The highest cut (in steps of {@link #STEP}) below which at most {@code share} of {@code results} fall. */
  static double quantile(List<EvalResult> results, double share) {
    double best = 0;
    for (double t = 0; t <= 1.0 + 1e-9; t += STEP) {
      int below = 0;
      for (EvalResult r : results) {
        below += r.bestScore() < t ? 1 : 0;
      }
      if (below > share * results.size()) {
        break;
      }
      best = t;
    }
    return Math.round(best * 100) / 100.0;
  }

  /**
   * What each cut does. Precision is the lower of two estimates: the share of held-out answers
   * that are right, and the mean calibrated confidence of the answers (the fused score is a
   * probability of being right, fitted on real visitors' questions). The first alone is
   * optimistic: the question adapter learned from these very phrasings, and the base's own
   * phrasings are closer to its entries than visitors' words (banking77 dev: 97% held-out
   * precision at every cut against 85% for visitors' questions at none). Out-of-scope examples
   * answered count as wrong in both.
   */
  static List<Calibration.Point> curve(List<EvalResult> heldOut, List<EvalResult> outOfScope) {
    List<Calibration.Point> out = new ArrayList<>();
    for (int step = 0; step <= 100; step++) {
      double t = step * STEP;
      int answered = 0, right = 0, inBelow = 0, oosBelow = 0, oosAnswered = 0;
      double confidence = 0;
      for (EvalResult r : heldOut) {
        if (r.bestScore() >= t && !r.ranked().isEmpty()) {
          answered++;
          right += r.top1Right() ? 1 : 0;
          confidence += r.bestScore();
        } else {
          inBelow++;
        }
      }
      for (EvalResult r : outOfScope) {
        if (r.bestScore() >= t && !r.ranked().isEmpty()) {
          oosAnswered++;
        } else {
          oosBelow++;
        }
      }
      int n = heldOut.size();
      int all = answered + oosAnswered;
      double precision = all == 0 ? 1 : Math.min(right, confidence) / all;
      out.add(new Calibration.Point(
          Math.round(t * 100) / 100.0,
          n == 0 ? 0 : (double) answered / n,
          precision,
          n == 0 ? 0 : (double) inBelow / n,
          outOfScope.isEmpty() ? 0 : (double) oosBelow / outOfScope.size()));
    }
    return out;
  }
}
