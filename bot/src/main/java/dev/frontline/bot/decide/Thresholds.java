package dev.frontline.bot.decide;

/**
 * Score cut-offs of the decision.
 *
 * @param answer at or above: answer with the best entry
 * @param suggest at or above (and below {@code answer}): suggest the best few; below: no match
 */
public record Thresholds(double answer, double suggest) {
  public Thresholds {
    if (!(suggest >= 0 && suggest <= answer && answer <= 1)) {
      throw new IllegalArgumentException(
          "need 0 <= suggest <= answer <= 1, got suggest=" + suggest + " answer=" + answer);
    }
  }
}
