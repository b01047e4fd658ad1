package dev.frontline.bot.match;

import dev.frontline.bot.index.PhrasingDocuments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/**
 * The identifier terms of a question to a Chinese knowledge base: terms with a Latin letter ("Mi Pay", "10000Z8",
 * "ATM", "5G") and numbers of five or more digits (codes such as 9100004, hotlines such as 95516;
 * shorter numbers are mostly amounts, counts and years, which are values, not names). In Chinese
 * customer-service text these name products, brands and error codes, and an entry about another
 * one is the wrong entry however close the rest of the sentence is. The coverage of an entry is
 * the share of those terms that occur in any of its phrasings (0 when the question has none, so
 * questions without them rank as before). English bases do not use it (their fusion weight is 0:
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
   * For each entry among the candidates {@code filter} (a query matching their phrasings) that
   * has at least one of the terms: the share of the terms it has. Entries absent have none.
   */
  Map<String, Double> coverage(IndexSearcher searcher, Query filter, int cap) throws IOException {
    if (terms.isEmpty()) {
      return Map.of();
    }
    Map<String, Set<String>> found = new HashMap<>();
    EntryIds ids = new EntryIds(searcher.getIndexReader());
    for (String t : terms) {
      BooleanQuery q = new BooleanQuery.Builder()
          .add(filter, BooleanClause.Occur.FILTER)
          .add(new TermQuery(new Term(PhrasingDocuments.TEXT, t)), BooleanClause.Occur.FILTER)
          .build();
      ScoreDoc[] hits = searcher.search(q, cap).scoreDocs;
      Arrays.sort(hits, Comparator.comparingInt(h -> h.doc));
      for (ScoreDoc h : hits) {
        String id = ids.id(h.doc);
        if (id != null) {
          found.computeIfAbsent(id, k -> new HashSet<>()).add(t);
        }
      }
    }
    Map<String, Double> out = new HashMap<>();
    for (Map.Entry<String, Set<String>> e : found.entrySet()) {
      out.put(e.getKey(), e.getValue().size() / (double) terms.size());
    }
    return out;
  }
}
