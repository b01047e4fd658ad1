package dev.frontline.bot;

import dev.frontline.bot.match.Candidate;
import java.util.List;

/**
 * What the bot did with one evaluation question; {@code shortcut}: decided from the lexical
 * evidence alone, without the dense pass.
 */
record EvalResult(
    EvalQuery query, BotReply reply, List<Candidate> ranked, long nanos, long cpuNanos,
    boolean shortcut) {

  EvalResult(EvalQuery query, BotReply reply, List<Candidate> ranked, long nanos, long cpuNanos) {
    this(query, reply, ranked, nanos, cpuNanos, false);
  }

  /** 1-based rank of the gold entry in the ranking; 0 when absent or out of scope. */
  int goldRank() {
    if (!query.inScope()) {
      return 0;
    }
    for (int i = 0; i < ranked.size(); i++) {
      if (ranked.get(i).faqId().equals(query.faqId())) {
        return i + 1;
      }
    }
    return 0;
  }

  double bestScore() {
    return ranked.isEmpty() ? 0 : ranked.get(0).score();
  }

  boolean top1Right() {
    return goldRank() == 1;
  }
}
