package dev.frontline.bot.match;

import java.util.List;

/**
 * When the BM25 evidence alone already decides a question, the bot answers without embedding it
 * (docs/bot.md, "Skipping the dense pass"). The rule is on the lexical pre-pass's two best entries
 * (scores normalised by the question's self score, {@link LexicalMatcher}): the best phrasing
 * scores at least {@code minLexical} and leads the second entry by at least {@code minLead}.
 *
 * @param minLexical the best entry's lexical score must reach this, in (0, 1]
 * @param minLead ... and lead the second entry's by at least this
 * @param confidence the confidence reported for such an answer: the lowest confidence the full
 *     hybrid gave the dev questions the rule takes, so it stands on the same calibrated scale;
 *     the shortcut only answers where this reaches the base's answer cut
 */
public record LexicalShortcut(double minLexical, double minLead, double confidence) {

  public LexicalShortcut {
    if (!(minLexical > 0 && minLexical <= 1) || !(minLead >= 0 && minLead <= 1)
        || !(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException(
          "need 0 < minLexical <= 1, 0 <= minLead <= 1, 0 <= confidence <= 1");
    }
  }

  /** Lexical candidates asked of the pre-pass: the best and its rival. */
  public static final int CANDIDATES = 2;

  /**
   * The answer the lexical candidates {@code lexical} (best first) decide without dense evidence,
   * or null when they do not decide it, or when {@code answerCut} (the base's calibrated answer
   * cut) is above this rule's confidence.
   */
  public Candidate decides(List<Candidate> lexical, double answerCut) {
    if (lexical.isEmpty() || confidence < answerCut) {
      return null;
    }
    double best = lexical.get(0).score();
    double second = lexical.size() > 1 ? lexical.get(1).score() : 0;
    return best >= minLexical && best - second >= minLead
        ? new Candidate(lexical.get(0).faqId(), confidence)
        : null;
  }
}
