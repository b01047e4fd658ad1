package dev.frontline.bot.index;

import dev.frontline.bot.embed.TextEmbedder;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * Turns an entry into one Lucene document per distinct phrasing: the id, the analysed text and,
 * when an embedder is given, the phrasing's vector (HNSW-indexed, dot product of unit vectors).
 * Embedding happens here, on the caller's thread, before any index lock is taken.
 */
public final class PhrasingDocuments {
  /** The entry id (indexed for updates and deletes, doc values for fast reads at search time). */
  public static final String ID = "id";

  /** The analysed phrasing. */
  public static final String TEXT = "text";

  /** The phrasing as written (stored only). */
  public static final String PHRASING = "phrasing";

  /** The phrasing's embedding. */
  public static final String VECTOR = "vector";

  private final TextEmbedder embedder;

  /** @param embedder null for lexical-only documents */
  public PhrasingDocuments(TextEmbedder embedder) {
    this.embedder = embedder;
  }

  /** Documents for {@code entry}, in phrasing order (question first). */
  public List<Document> documents(FaqEntry entry) {
    return documents(List.of(entry)).get(0);
  }

  /** Documents for each entry, in order; phrasings are embedded in batches. */
  public List<List<Document>> documents(Collection<FaqEntry> entries) {
    List<List<String>> phrasings = new ArrayList<>(entries.size());
    List<String> all = new ArrayList<>();
    for (FaqEntry e : entries) {
      List<String> p = phrasings(e);
      phrasings.add(p);
      all.addAll(p);
    }
    List<float[]> vectors = embedder == null ? null : embedder.embedPhrasings(all);
    List<List<Document>> out = new ArrayList<>(entries.size());
    int i = 0;
    int next = 0;
    for (FaqEntry e : entries) {
      List<Document> docs = new ArrayList<>();
      for (String p : phrasings.get(i++)) {
        docs.add(document(e.id(), p, vectors == null ? null : vectors.get(next)));
        next++;
      }
      out.add(docs);
    }
    return out;
  }

  private static Document document(String id, String phrasing, float[] vector) {
    Document doc = new Document();
    doc.add(new StringField(ID, id, Field.Store.YES));
    doc.add(new SortedDocValuesField(ID, new BytesRef(id)));
    doc.add(new TextField(TEXT, phrasing, Field.Store.NO));
    doc.add(new StoredField(PHRASING, phrasing));
    if (vector != null) {
      doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    }
    return doc;
  }

  /** The vector of a phrasing document, or null when it has none. */
  public static float[] vector(Document doc) {
    return doc.getField(VECTOR) instanceof KnnFloatVectorField f ? f.vectorValue() : null;
  }

  /** The question and the similar phrasings, blank and duplicate ones dropped. */
  public static List<String> phrasings(FaqEntry entry) {
    Set<String> out = new LinkedHashSet<>();
    out.add(entry.question().strip());
    for (String s : entry.similar()) {
      if (s != null && !s.isBlank()) {
        out.add(s.strip());
      }
    }
    return List.copyOf(out);
  }
}
