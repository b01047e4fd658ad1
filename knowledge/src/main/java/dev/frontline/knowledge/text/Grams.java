package dev.frontline.knowledge.text;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Cheap lexical features for grouping and searching short questions in any script: text folded
 * (NFKC, lower case, no spaces or punctuation), then its character bigrams. Works for Chinese
 * without a dictionary and well enough for English.
 */
public final class Grams {
  private Grams() {}

  /** NFKC (full-width to half-width), lower case, letters and digits only. */
  public static String fold(String text) {
    String n = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(n.length());
    n.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
    return b.toString();
  }

  /** Character bigrams of folded text; a one-character text gives itself. */
  public static Set<String> bigrams(String folded) {
    Set<String> out = new HashSet<>();
    int[] cps = folded.codePoints().toArray();
    if (cps.length == 1) {
      out.add(folded);
    }
    for (int k = 0; k + 1 < cps.length; k++) {
      out.add(new String(cps, k, 2));
    }
    return out;
  }

  /** Dice coefficient of two gram sets, in [0, 1]. */
  public static double dice(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    return 2.0 * overlap(a, b) / (a.size() + b.size());
  }

  /** The share of {@code query}'s grams found in {@code text}'s, in [0, 1]. */
  public static double coverage(Set<String> query, Set<String> text) {
    return query.isEmpty() ? 0 : (double) overlap(query, text) / query.size();
  }

  private static int overlap(Set<String> a, Set<String> b) {
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    int n = 0;
    for (String g : small) {
      if (large.contains(g)) {
        n++;
      }
    }
    return n;
  }
}
