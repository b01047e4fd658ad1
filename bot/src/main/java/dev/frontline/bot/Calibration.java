package dev.frontline.bot;

import dev.frontline.bot.decide.Thresholds;
import java.util.List;
import java.util.Objects;

/**
 * The thresholds a bot learned from its own knowledge base, and what they mean.
 *
 * @param language {@code zh} or {@code en}: the bot (and embedding model) these apply to
 * @param thresholds the answer / suggest (below it: hand off) cut-offs in use
 * @param targetPrecision the share of answers that should be right, which placed {@code answer}
 * @param heldOut the base's own phrasings asked, each with itself left out of the base
 * @param outOfScope the out-of-scope examples asked (marked by an editor, dismissed questions)
 * @param learned false when the base had too few held-out phrasings to learn from and the
 *     language defaults apply
 * @param suggestDefaulted true when there were no out-of-scope examples and {@code suggest} is the
 *     stated safe default rather than a learned cut
 * @param curve what each answer threshold would do to the held-out and out-of-scope questions,
 *     from 0 to 1 in steps of {@link Calibrator#STEP}
 */
public record Calibration(
    String language,
    Thresholds thresholds,
    double targetPrecision,
    int heldOut,
    int outOfScope,
    boolean learned,
    boolean suggestDefaulted,
    List<Point> curve) {

  public Calibration {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(thresholds, "thresholds");
    curve = List.copyOf(curve);
  }

  /**
   * One threshold's effect.
   *
   * @param threshold a score cut
   * @param answered share of held-out (in-scope) questions scoring at or above it
   * @param precision share of those answered that are right (out-of-scope ones count as wrong);
   *     1 when none is answered
   * @param inScopeBelow share of held-out questions below it (handed off, were it the suggest cut)
   * @param outOfScopeBelow share of out-of-scope examples below it; 0 without examples
   */
  public record Point(
      double threshold, double answered, double precision, double inScopeBelow,
      double outOfScopeBelow) {}

  /**
   * The answer cut that aims at {@code targetPrecision}: the lowest on the curve at which the
   * held-out answers are right that often (plus {@link Calibrator#PRECISION_MARGIN}, as held-out
   * phrasings are easier than visitors' words), never below the suggest cut; the language
   * default when nothing was learned. What saving that target would put in place.
   */
  public double answerFor(double targetPrecision) {
    if (!learned) {
      return thresholds.answer();
    }
    double aim = Math.min(1, targetPrecision + Calibrator.PRECISION_MARGIN);
    for (Point p : curve) {
      if (p.answered() > 0 && p.precision() >= aim - 1e-12) {
        return Math.max(p.threshold(), thresholds.suggest());
      }
    }
    return 1.0;
  }

  /** The point of {@link #curve} nearest {@code threshold}. */
  public Point at(double threshold) {
    Point best = curve.get(0);
    for (Point p : curve) {
      if (Math.abs(p.threshold() - threshold) < Math.abs(best.threshold() - threshold)) {
        best = p;
      }
    }
    return best;
  }
}
