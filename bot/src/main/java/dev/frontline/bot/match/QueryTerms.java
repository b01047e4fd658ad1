package dev.frontline.bot.match;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The analysed terms of a question with their counts, and its length as the index measures it
 * (overlapping tokens, such as a unigram under a bigram, not counted twice).
 */
record QueryTerms(Map<String, Integer> counts, int length) {

  /** More terms than this in one question are dropped (a pasted essay is not a question). */
  static final int MAX_TERMS = 64;

  static QueryTerms analyze(Analyzer analyzer, String field, String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    int length = 0;
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute posInc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        if (posInc.getPositionIncrement() > 0) {
          length++;
        }
        String t = term.toString();
        if (counts.containsKey(t) || counts.size() < MAX_TERMS) {
          counts.merge(t, 1, Integer::sum);
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new QueryTerms(Map.copyOf(counts), Math.max(length, 1));
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }
}
