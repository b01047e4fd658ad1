package dev.frontline.knowledge.synonyms;

import dev.frontline.knowledge.model.FaqEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies editors' synonym sets (流量 / 数据流量, 话费 / 余额) to the bot without the bot knowing:
 * each phrasing of an entry that contains a term of a set gets extra phrasings with that term
 * replaced by each other term of its set, and the bot indexes those too. A visitor who says
 * "余额" then matches an entry written with "话费" as if the editor had written that phrasing.
 *
 * <p>Terms match case-insensitively, longest first, without overlap; a term that begins or ends
 * with a Latin letter or digit matches only on a word boundary there ("app" does not match in
 * "apple"). Sets sharing a term are merged. At most {@link #MAX_VARIANTS} phrasings are added per
 * entry. Immutable and thread-safe.
 */
public final class SynonymExpander {
  /** Most phrasings one entry gains. */
  public static final int MAX_VARIANTS = 100;

  /** No synonyms: {@link #expand} returns its argument. */
  public static final SynonymExpander NONE = new SynonymExpander(List.of());

  /** lower-case term -> every term of its (merged) set, as written. */
  private final Map<String, List<String>> groups;
  /** All terms, lower case, longest first. */
  private final List<String> terms;

  public SynonymExpander(Collection<? extends Collection<String>> sets) {
    this.groups = merge(sets);
    List<String> t = new ArrayList<>(groups.keySet());
    t.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    this.terms = List.copyOf(t);
  }

  public boolean isEmpty() {
    return groups.isEmpty();
  }

  /** The entry with the synonym phrasings appended to its similar questions; itself when none apply. */
  public FaqEntry expand(FaqEntry e) {
    if (groups.isEmpty()) {
      return e;
    }
    Set<String> phrasings = new LinkedHashSet<>();
    phrasings.add(e.question());
    phrasings.addAll(e.similar());
    Set<String> added = new LinkedHashSet<>();
    for (String p : phrasings) {
      for (String v : variants(p)) {
        if (added.size() >= MAX_VARIANTS) {
          break;
        }
        if (!phrasings.contains(v)) {
          added.add(v);
        }
      }
    }
    if (added.isEmpty()) {
      return e;
    }
    List<String> similar = new ArrayList<>(e.similar());
    similar.addAll(added);
    return new FaqEntry(e.id(), e.question(), similar, e.answer(), e.category());
  }

  /** Each phrasing made by replacing one occurrence of a term with another term of its set. */
  public List<String> variants(String phrasing) {
    Set<String> out = new LinkedHashSet<>();
    int i = 0;
    while (i < phrasing.length()) {
      String term = longestAt(phrasing, i);
      if (term == null) {
        i++;
        continue;
      }
      for (String other : groups.get(term)) {
        if (!other.equalsIgnoreCase(term)) {
          out.add(phrasing.substring(0, i) + other + phrasing.substring(i + term.length()));
        }
      }
      i += term.length();
    }
    return List.copyOf(out);
  }

  private String longestAt(String s, int i) {
    for (String t : terms) {
      if (s.regionMatches(true, i, t, 0, t.length()) && boundary(s, i, t.length())) {
        return t;
      }
    }
    return null;
  }

  private static boolean boundary(String s, int at, int len) {
    boolean startOk = !(latin(s.charAt(at)) && at > 0 && latin(s.charAt(at - 1)));
    int end = at + len;
    boolean endOk = !(latin(s.charAt(end - 1)) && end < s.length() && latin(s.charAt(end)));
    return startOk && endOk;
  }

  private static boolean latin(char c) {
    return c < 0x80 && Character.isLetterOrDigit(c);
  }

  private static Map<String, List<String>> merge(Collection<? extends Collection<String>> sets) {
    List<Set<String>> merged = new ArrayList<>();
    for (Collection<String> set : sets) {
      Set<String> cur = new LinkedHashSet<>();
      for (String t : set) {
        if (t != null && !t.isBlank()) {
          cur.add(t.strip());
        }
      }
      for (var it = merged.iterator(); it.hasNext(); ) {
        Set<String> m = it.next();
        if (m.stream().anyMatch(a -> cur.stream().anyMatch(a::equalsIgnoreCase))) {
          cur.addAll(m);
          it.remove();
        }
      }
      merged.add(cur);
    }
    Map<String, List<String>> out = new HashMap<>();
    for (Set<String> m : merged) {
      if (m.size() < 2) {
        continue;
      }
      List<String> list = List.copyOf(m);
      for (String t : m) {
        out.put(t.toLowerCase(Locale.ROOT), list);
      }
    }
    return Map.copyOf(out);
  }
}
