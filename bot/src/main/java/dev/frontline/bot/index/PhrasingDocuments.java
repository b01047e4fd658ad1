package dev.frontline.bot.index;

import dev.frontline.knowledge.model.FaqEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;

/** Turns an entry into one Lucene document per distinct phrasing. */
public final class PhrasingDocuments {
  /** The entry id (indexed for updates and deletes, stored for results). */
  public static final String ID = "id";

  /** The analysed phrasing. */
  public static final String TEXT = "text";

  /** The phrasing as written (stored only). */
  public static final String PHRASING = "phrasing";

  /** Documents for {@code entry}, in phrasing order (question first). */
  public List<Document> documents(FaqEntry entry) {
    List<String> phrasings = phrasings(entry);
    List<Document> docs = new ArrayList<>(phrasings.size());
    for (String p : phrasings) {
      Document doc = new Document();
      doc.add(new StringField(ID, entry.id(), Field.Store.YES));
      doc.add(new TextField(TEXT, p, Field.Store.NO));
      doc.add(new StoredField(PHRASING, p));
      docs.add(doc);
    }
    return docs;
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
