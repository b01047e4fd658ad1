package dev.frontline.bot.index;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.similarities.Similarity;

/** Gives every refreshed searcher the index's similarity and no query cache (queries are unique). */
final class SimilarityFactory extends SearcherFactory {
  private final Similarity similarity;

  SimilarityFactory(Similarity similarity) {
    this.similarity = similarity;
  }

  @Override
  public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
    IndexSearcher searcher = new IndexSearcher(reader);
    searcher.setSimilarity(similarity);
    searcher.setQueryCache(null);
    return searcher;
  }
}
