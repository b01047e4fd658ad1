package dev.frontline.bot.match;

import org.apache.lucene.util.VectorUtil;

/** Collects one entry's phrasing scores into its {@link EntryEvidence}. */
final class EvidenceAccumulator {
  private int bestDoc = -1;
  private double bestLexical = 0;
  private double bestCos = -1;
  private double secondCos = -1;
  private double bestCombined = Double.NEGATIVE_INFINITY;
  private float[] vectorSum;
  private int phrasings;
  private int identifierMask;
  private double cosSum;
  private double lexicalAtNearest;
  private double cosAtLexical = -1;

  /**
   * Adds one phrasing.
   *
   * @param lexical its lexical score in [0, 1]
   * @param vector its unit vector, or null when it has none
   * @param question the question's unit vector
   * @param identifierMask which of the question's identifier terms the phrasing contains
   */
  void add(int doc, double lexical, float[] vector, float[] question, int identifierMask) {
    this.identifierMask |= identifierMask;
    double cos = -1;
    if (vector != null) {
      cos = VectorUtil.dotProduct(question, vector);
      if (vectorSum == null) {
        vectorSum = new float[vector.length];
      }
      for (int i = 0; i < vector.length; i++) {
        vectorSum[i] += vector[i];
      }
    }
    phrasings++;
    cosSum += cos;
    if (lexical > bestLexical || (lexical == bestLexical && cos > cosAtLexical)) {
      cosAtLexical = cos;
    }
    bestLexical = Math.max(bestLexical, lexical);
    if (cos > bestCos) {
      secondCos = bestCos;
      bestCos = cos;
      lexicalAtNearest = lexical;
    } else if (cos > secondCos) {
      secondCos = cos;
    }
    if (lexical + cos > bestCombined) {
      bestCombined = lexical + cos;
      bestDoc = doc;
    }
  }

  EntryEvidence evidence(String faqId, float[] question, IdentifierTerms identifiers) {
    double centroid = -1;
    if (vectorSum != null) {
      double norm = Math.sqrt(VectorUtil.dotProduct(vectorSum, vectorSum));
      centroid = VectorUtil.dotProduct(question, vectorSum) / Math.max(1e-9, norm);
    }
    double second = phrasings < 2 ? bestCos : secondCos;
    return new EntryEvidence(
        faqId, bestDoc, bestLexical, bestCos, centroid, second, phrasings,
        identifiers.coverage(identifierMask), cosSum / Math.max(1, phrasings), lexicalAtNearest,
        cosAtLexical);
  }
}
