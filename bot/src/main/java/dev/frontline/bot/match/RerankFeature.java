package dev.frontline.bot.match;

import java.util.List;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/** What the {@link Reranker} may weigh for one candidate entry, beyond the fusion's score. */
public enum RerankFeature {
  /** Best phrasing's lexical score. */
  LEXICAL(EntryEvidence::lexical),
  /** Best phrasing's cosine. */
  DENSE_MAX(EntryEvidence::denseMax),
  /** Cosine to the entry's centroid. */
  DENSE_CENTROID(EntryEvidence::denseCentroid),
  /** Share of the question's names and codes the entry has. */
  IDENTIFIERS(EntryEvidence::identifiers),
  /** Second-best phrasing's cosine. */
  DENSE_SECOND(EntryEvidence::denseSecond),
  /** Mean cosine of the entry's phrasings. */
  DENSE_MEAN(EntryEvidence::denseMean),
  /** Log of the entry's number of phrasings. */
  LOG_PHRASINGS(e -> Math.log(e.phrasings())),
  /** Whether the entry has a single phrasing (its centroid is that phrasing). */
  SINGLE_PHRASING(e -> e.phrasings() == 1 ? 1 : 0),
  /** Lexical score of the phrasing nearest by cosine (both matchers agree on one phrasing). */
  LEXICAL_OF_NEAREST(EntryEvidence::lexicalOfNearest),
  /** Cosine of the phrasing with the best lexical score. */
  DENSE_OF_LEXICAL(EntryEvidence::denseOfLexical),
  /** Lexical score times centroid cosine (both at once). */
  LEXICAL_TIMES_DENSE(e -> e.lexical() * e.denseCentroid()),
  /** Reciprocal rank of the entry's lexical score among the candidates. */
  LEXICAL_RANK((e, all) -> reciprocalRank(e, all, EntryEvidence::lexical)),
  /** Reciprocal rank of the entry's centroid cosine among the candidates. */
  DENSE_RANK((e, all) -> reciprocalRank(e, all, EntryEvidence::denseCentroid));

  private final ToDoubleBiFunction<EntryEvidence, List<EntryEvidence>> value;

  RerankFeature(ToDoubleFunction<EntryEvidence> own) {
    this((e, all) -> own.applyAsDouble(e));
  }

  RerankFeature(ToDoubleBiFunction<EntryEvidence, List<EntryEvidence>> value) {
    this.value = value;
  }

  double value(EntryEvidence e, List<EntryEvidence> all) {
    return value.applyAsDouble(e, all);
  }

  /** 1 / (1 + the number of candidates scoring higher by {@code score}). */
  private static double reciprocalRank(EntryEvidence e, List<EntryEvidence> all, ToDoubleFunction<EntryEvidence> score) {
    double mine = score.applyAsDouble(e);
    int above = 0;
    for (EntryEvidence o : all) {
      above += score.applyAsDouble(o) > mine ? 1 : 0;
    }
    return 1.0 / (1 + above);
  }
}
