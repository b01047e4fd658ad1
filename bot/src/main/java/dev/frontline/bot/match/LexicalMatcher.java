package dev.frontline.bot.match;

import dev.frontline.bot.index.PhrasingDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity.SimScorer;
import org.apache.lucene.util.SmallFloat;

/**
 * BM25 over phrasings; an entry scores by its best phrasing. The score is the phrasing's BM25
 * divided by the BM25 that a phrasing identical to the question would get ("self score"), so 1
 * means every term of the question was found in a phrasing of the same length, and a question
 * with words the index has never seen can not reach 1. That makes scores comparable across
 * questions of different lengths, which the thresholds need.
 */
public final class LexicalMatcher {

  private final Analyzer analyzer;
  private final BM25Similarity similarity;
  private final int phrasingsToScan;

  public LexicalMatcher(Analyzer analyzer, BM25Similarity similarity, int phrasingsToScan) {
    this.analyzer = analyzer;
    this.similarity = similarity;
    this.phrasingsToScan = phrasingsToScan;
  }

  QueryTerms analyze(String question) {
    return QueryTerms.analyze(analyzer, PhrasingDocuments.TEXT, question);
  }

  /** Entries best first, at most {@code limit}; empty when nothing shares a term. */
  public List<Candidate> match(IndexSearcher searcher, String question, int limit) {
    return match(searcher, question, limit, -1);
  }

  /** Entries best first, leaving out the phrasing document {@code excludedDoc} (-1: none). */
  public List<Candidate> match(IndexSearcher searcher, String question, int limit, int excludedDoc) {
    QueryTerms terms = QueryTerms.analyze(analyzer, PhrasingDocuments.TEXT, question);
    if (terms.isEmpty()) {
      return List.of();
    }
    try {
      CollectionStatistics stats = searcher.collectionStatistics(PhrasingDocuments.TEXT);
      if (stats == null) {
        return List.of();
      }
      TopDocs top = searcher.search(query(terms), phrasingsToScan + (excludedDoc < 0 ? 0 : 1));
      double self = selfScore(searcher.getIndexReader(), stats, terms);
      return group(searcher, top, self, limit, excludedDoc);
    } catch (IOException e) {
      throw new UncheckedIOException("FAQ search failed", e);
    }
  }

  static Query query(QueryTerms terms) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Map.Entry<String, Integer> t : terms.counts().entrySet()) {
      Query q = new TermQuery(new Term(PhrasingDocuments.TEXT, t.getKey()));
      if (t.getValue() > 1) {
        q = new BoostQuery(q, t.getValue());
      }
      b.add(q, BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }

  /** The BM25 a phrasing equal to the question would score; unseen terms count as rare. */
  double selfScore(IndexReader reader, CollectionStatistics stats, QueryTerms terms)
      throws IOException {
    long norm = SmallFloat.intToByte4(terms.length()) & 0xFF;
    double sum = 0;
    for (Map.Entry<String, Integer> t : terms.counts().entrySet()) {
      Term term = new Term(PhrasingDocuments.TEXT, t.getKey());
      int df = reader.docFreq(term);
      long ttf = df == 0 ? 1 : reader.totalTermFreq(term);
      TermStatistics ts = new TermStatistics(term.bytes(), Math.max(df, 1), Math.max(ttf, 1));
      SimScorer scorer = similarity.scorer(t.getValue(), stats, ts);
      sum += scorer.score(t.getValue(), norm);
    }
    return sum;
  }

  /** Entries best first from BM25's best phrasings {@code top}, each scoring by its best one. */
  static List<Candidate> group(
      IndexSearcher searcher, TopDocs top, double self, int limit, int excludedDoc)
      throws IOException {
    EntryIds ids = new EntryIds(searcher.getIndexReader());
    Map<String, Candidate> best = new LinkedHashMap<>();
    for (ScoreDoc sd : top.scoreDocs) {
      String id = sd.doc == excludedDoc ? null : ids.id(sd.doc);
      if (id == null || best.containsKey(id)) {
        continue; // hits come best first, so the first phrasing seen is the entry's best
      }
      double score = self <= 0 ? 0 : Math.min(1.0, sd.score / self);
      best.put(id, new Candidate(id, score));
      if (best.size() >= limit) {
        break;
      }
    }
    return List.copyOf(new ArrayList<>(best.values()));
  }
}
