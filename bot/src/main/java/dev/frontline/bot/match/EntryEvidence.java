package dev.frontline.bot.match;

/**
 * What the matchers found for one entry and one question, before fusion.
 *
 * @param faqId the entry
 * @param bestDoc the document of the phrasing with the best combined lexical and dense score
 * @param lexical best phrasing's BM25 over the question's self score, in [0, 1]
 * @param denseMax best phrasing's cosine similarity to the question
 * @param denseCentroid cosine similarity to the mean of the entry's phrasing vectors
 * @param denseSecond second-best phrasing's cosine (equal to {@code denseMax} for one phrasing)
 * @param phrasings how many phrasings the entry has
 * @param identifiers share of the question's identifier terms (Latin terms and numbers of 5+
 *     digits, {@link IdentifierTerms}; Chinese bases only) found in the entry's phrasings; 0 when
 *     the question has none
 * @param denseMean mean cosine of the entry's phrasings
 * @param lexicalOfNearest lexical score of the phrasing with the best cosine
 * @param denseOfLexical cosine of the phrasing with the best lexical score
 */
public record EntryEvidence(
    String faqId,
    int bestDoc,
    double lexical,
    double denseMax,
    double denseCentroid,
    double denseSecond,
    int phrasings,
    double identifiers,
    double denseMean,
    double lexicalOfNearest,
    double denseOfLexical) {

  /** Evidence without the per-phrasing details (tests). */
  public EntryEvidence(String faqId, int bestDoc, double lexical, double denseMax,
      double denseCentroid, double denseSecond, int phrasings, double identifiers) {
    this(faqId, bestDoc, lexical, denseMax, denseCentroid, denseSecond, phrasings, identifiers,
        denseMax, lexical, denseMax);
  }
}
