package dev.frontline.bot.match;

import dev.frontline.bot.index.PhrasingDocuments;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;

/** Reads phrasing vectors by top-level document id; documents must be asked in increasing order. */
final class PhrasingVectors {
  private final List<LeafReaderContext> leaves;
  private int leaf = -1;
  private int leafEnd = 0;
  private int docBase = 0;
  private FloatVectorValues values;
  private KnnVectorValues.DocIndexIterator iterator;

  PhrasingVectors(IndexReader reader) {
    this.leaves = reader.leaves();
  }

  /** The vector of {@code doc} (valid until the next call), or null when it has none. */
  float[] vector(int doc) throws IOException {
    while (doc >= leafEnd) {
      LeafReaderContext ctx = leaves.get(++leaf);
      docBase = ctx.docBase;
      leafEnd = ctx.docBase + ctx.reader().maxDoc();
      values = ctx.reader().getFloatVectorValues(PhrasingDocuments.VECTOR);
      iterator = values == null ? null : values.iterator();
    }
    int local = doc - docBase;
    if (iterator == null) {
      return null;
    }
    int at = iterator.docID() >= local ? iterator.docID() : iterator.advance(local);
    return at == local ? values.vectorValue(iterator.index()) : null;
  }
}
