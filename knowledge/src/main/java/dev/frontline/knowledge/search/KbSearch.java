package dev.frontline.knowledge.search;

import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.text.Grams;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Search-as-you-type over entries for the self-service panel: a typed prefix such as "流量"
 * should list every entry about it at once, which the bot's answer/suggest decision is not
 * made for. An entry scores by its best phrasing: the folded query inside the question (1.0 at
 * its start, 0.95 elsewhere) or a similar question (0.9), else the share of the query's
 * character bigrams the phrasing holds when at least {@value #MIN_COVERAGE} (times 0.8), else
 * the query inside the answer (0.5). 0 means no match. Callers merge the bot's own picks in.
 */
public final class KbSearch {
  static final double MIN_COVERAGE = 0.6;

  private KbSearch() {}

  /** A prepared query. */
  public static final class Query {
    final String folded;
    final Set<String> grams;

    Query(String folded) {
      this.folded = folded;
      this.grams = Grams.bigrams(folded);
    }

    public boolean isEmpty() {
      return folded.isEmpty();
    }
  }

  public static Query query(String text) {
    return new Query(Grams.fold(text == null ? "" : text));
  }

  /** How well {@code content} matches, in [0, 1]; 0 for no match. */
  public static double score(Query q, FaqContent content) {
    if (q.isEmpty()) {
      return 0;
    }
    String question = Grams.fold(content.question());
    if (question.contains(q.folded)) {
      return question.startsWith(q.folded) ? 1.0 : 0.95;
    }
    List<String> phrasings = new ArrayList<>(content.similar().size() + 1);
    phrasings.add(question);
    double best = 0;
    for (String s : content.similar()) {
      String f = Grams.fold(s);
      if (f.contains(q.folded)) {
        return 0.9;
      }
      phrasings.add(f);
    }
    for (String f : phrasings) {
      double c = Grams.coverage(q.grams, Grams.bigrams(f));
      if (c >= MIN_COVERAGE) {
        best = Math.max(best, 0.8 * c);
      }
    }
    if (best == 0 && Grams.fold(content.answer()).contains(q.folded)) {
      best = 0.5;
    }
    return best;
  }
}
