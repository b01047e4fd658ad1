package dev.frontline.bot.match;

import dev.frontline.bot.index.PhrasingDocuments;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;

/** Reads a phrasing document's entry id from doc values (no stored-field decompression). */
final class EntryIds {
  private final List<LeafReaderContext> leaves;
  private final SortedDocValues[] values;

  EntryIds(IndexReader reader) {
    this.leaves = reader.leaves();
    this.values = new SortedDocValues[leaves.size()];
  }

  /** The entry id of top-level document {@code doc}, or null when it has none. */
  String id(int doc) throws IOException {
    int leaf = ReaderUtil.subIndex(doc, leaves);
    LeafReaderContext ctx = leaves.get(leaf);
    // Doc values iterate forwards only: reopen when asked about an earlier document.
    SortedDocValues dv = values[leaf];
    int local = doc - ctx.docBase;
    if (dv == null || dv.docID() > local) {
      dv = DocValues.getSorted(ctx.reader(), PhrasingDocuments.ID);
      values[leaf] = dv;
    }
    if (!dv.advanceExact(local)) {
      return null;
    }
    return dv.lookupOrd(dv.ordValue()).utf8ToString();
  }
}
