package dev.frontline.bot.match;

import dev.frontline.bot.index.PhrasingDocuments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * The identifier terms of a question to a Chinese knowledge base: terms with a Latin letter
 * ("Mi Pay", "10000Z8", "ATM", "5G") and numbers of five or more digits (codes such as 9100004, hotlines such as 95516;
 * shorter numbers are mostly amounts, counts and years, which are values, not names). In Chinese
 * customer-service text these name products, brands and error codes, and an entry about another
 * one is the wrong entry however close the rest of the sentence is. The coverage of an entry is
 * the share of those terms that occur in any of its phrasings (0 when the question has none, so
 * questions without them rank as before), read from the postings of those terms while the
 * candidates' phrasings are scored. English bases do not use it (their fusion weight is 0:
 * there every word is Latin and numbers are amounts and dates, docs/bot.md).
 */
final class IdentifierTerms {
  /** A question with more such terms than this is prose, not a name or a code: the rest are ignored. */
  static final int MAX_TERMS = 8;

  /** No identifier terms (and no work): for bases that do not weigh them. */
  static final IdentifierTerms NONE = new IdentifierTerms(List.of());

  private final List<String> terms;

  private IdentifierTerms(List<String> terms) {
    this.terms = terms;
  }

  /** The identifier terms among a question's analysed terms. */
  static IdentifierTerms of(QueryTerms analysed) {
    List<String> out = new ArrayList<>();
    for (String t : analysed.counts().keySet()) {
      if (isIdentifier(t)) {
        out.add(t);
      }
    }
    out.sort(null); // the cap keeps the same terms whatever the map's order
    return new IdentifierTerms(List.copyOf(out.subList(0, Math.min(MAX_TERMS, out.size()))));
  }

  /** A term with a Latin letter, or a number of at least five digits. */
  static boolean isIdentifier(String term) {
    boolean digitsOnly = true;
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return true;
      }
      digitsOnly &= c >= '0' && c <= '9';
    }
    return digitsOnly && term.length() >= 5;
  }

  boolean isEmpty() {
    return terms.isEmpty();
  }

  int size() {
    return terms.size();
  }

  /**
   * Which of the terms each phrasing contains, read from the postings as the phrasings are
   * visited in increasing document order (no extra search). One per question and snapshot.
   */
  Postings postings(IndexReader reader) {
    return new Postings(reader);
  }

  /** Forward-only reader of the terms' postings over the leaves of one reader. */
  final class Postings {
    private final List<LeafReaderContext> leaves;
    private int leaf = -1;
    private final PostingsEnum[] current = new PostingsEnum[terms.size()];

    private Postings(IndexReader reader) {
      this.leaves = reader.leaves();
    }

    /**
     * A bit per term (bit i: term i) that phrasing {@code doc} contains; docs must come in
     * increasing order.
     */
    int mask(int doc) throws IOException {
      if (terms.isEmpty()) {
        return 0;
      }
      int l = ReaderUtil.subIndex(doc, leaves);
      if (l != leaf) {
        open(l);
      }
      int local = doc - leaves.get(l).docBase;
      int mask = 0;
      for (int i = 0; i < current.length; i++) {
        PostingsEnum p = current[i];
        if (p != null && p.docID() < local) {
          p.advance(local);
        }
        if (p != null && p.docID() == local) {
          mask |= 1 << i;
        }
      }
      return mask;
    }

    private void open(int l) throws IOException {
      leaf = l;
      Terms field = leaves.get(l).reader().terms(PhrasingDocuments.TEXT);
      TermsEnum te = field == null ? null : field.iterator();
      for (int i = 0; i < current.length; i++) {
        current[i] = te != null && te.seekExact(new BytesRef(terms.get(i)))
            ? te.postings(null, PostingsEnum.NONE)
            : null;
      }
    }
  }

  /** The share of the terms present in {@code mask} (bits from {@link Postings#mask}). */
  double coverage(int mask) {
    return terms.isEmpty() ? 0 : Integer.bitCount(mask) / (double) terms.size();
  }
}
