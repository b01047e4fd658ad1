package dev.frontline.bot.index;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;

/**
 * Lucene's default codec with a scalar-quantized HNSW graph for phrasing vectors: the graph is
 * built and searched on quantized vectors (several times faster than on floats, and less memory
 * touched per node), while the float vectors stay in the index for the exact rescoring that
 * {@code HybridMatcher} does on every candidate, so quantization only affects which candidates
 * are found, not their scores.
 */
final class FaqCodec extends Lucene104Codec {
  private final KnnVectorsFormat vectors = new Lucene104HnswScalarQuantizedVectorsFormat();

  @Override
  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
    return vectors;
  }
}
