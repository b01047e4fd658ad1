package dev.frontline.knowledge.loop;

import dev.frontline.knowledge.text.Grams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Groups unanswered questions so that an editor sees each gap once: "流量包怎么退", "怎么退订流量包"
 * and "流量包退订" land together. Single pass over the questions in id order; each joins the group
 * it is most similar to (character-bigram Dice against up to {@value #REPRESENTATIVES} distinct
 * phrasings of the group) when the similarity reaches {@value #JOIN}, or {@value #JOIN_SAME_GUESS}
 * when the bot's best guess is the group's too; failing both, by meaning, when a {@link Meaning}
 * is given: the question's embedding is at least {@link Meaning#join} similar (cosine) to one
 * of the group's first {@value #MEANING_REPRESENTATIVES} questions of the same model ("营业厅可以带宠物进去吗"
 * and "营业厅能带猫吗" share few characters but one meaning); otherwise it starts a group.
 * Meaning is compared with at most {@value #MEANING_GROUPS} groups, the most recently started
 * first, which bounds the cost on a long list. Same folded text always joins. A group's id is {@code "u" + the id of its first question}, stable while it
 * grows. Groups come most frequent first, then most recent.
 */
public final class QuestionClusters {
  static final double JOIN = 0.5;
  static final double JOIN_SAME_GUESS = 0.3;
  static final int REPRESENTATIVES = 8;
  static final int MEANING_REPRESENTATIVES = 3;
  static final int MEANING_GROUPS = 1_000;

  /**
   * What a question means to an embedding model.
   *
   * @param space the model: questions of different models never join by meaning
   * @param vector unit vector
   * @param join the cosine at or above which two questions of this model ask the same
   */
  public record Meaning(String space, float[] vector, double join) {}

  /** A group of similar questions. */
  public record Group(String id, List<Miss> misses, String faqId) {
    public Group {
      misses = List.copyOf(misses);
    }

    public int count() {
      return misses.size();
    }

    public long lastAt() {
      return misses.stream().mapToLong(Miss::ts).max().orElse(0);
    }

    public long firstAt() {
      return misses.stream().mapToLong(Miss::ts).min().orElse(0);
    }

    /** Distinct texts with how often each was asked, most frequent first. */
    public Map<String, Integer> texts() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      misses.forEach(m -> counts.merge(m.text().strip(), 1, Integer::sum));
      Map<String, Integer> sorted = new LinkedHashMap<>();
      counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .forEach(e -> sorted.put(e.getKey(), e.getValue()));
      return sorted;
    }
  }

  private QuestionClusters() {}

  /** Groups {@code misses} (any order) by their characters. */
  public static List<Group> group(List<Miss> misses) {
    return group(misses, text -> null);
  }

  /** Groups {@code misses} (any order) by characters and by {@code meaning} (null: unknown). */
  public static List<Group> group(List<Miss> misses, Function<String, Meaning> meaning) {
    List<Miss> sorted = new ArrayList<>(misses);
    sorted.sort(Comparator.comparingLong(Miss::id));
    List<Building> groups = new ArrayList<>();
    Map<String, Building> byFolded = new HashMap<>();
    Map<String, List<Building>> byGram = new HashMap<>();
    for (Miss m : sorted) {
      String folded = Grams.fold(m.text());
      Building g = byFolded.get(folded);
      Set<String> grams = Grams.bigrams(folded);
      if (g == null) {
        g = best(m, grams, byGram);
      }
      Meaning sense = g == null || g.senses.size() < MEANING_REPRESENTATIVES ? meaning.apply(m.text()) : null;
      if (g == null && sense != null) {
        g = closest(sense, groups);
      }
      if (g == null) {
        g = new Building("u" + m.id());
        groups.add(g);
      }
      g.add(m);
      if (sense != null && g.senses.size() < MEANING_REPRESENTATIVES && !byFolded.containsKey(folded)) {
        g.senses.add(sense);
      }
      if (byFolded.putIfAbsent(folded, g) == null && g.reps.size() < REPRESENTATIVES) {
        g.reps.add(grams);
        for (String gram : grams) {
          byGram.computeIfAbsent(gram, k -> new ArrayList<>()).add(g);
        }
      }
    }
    List<Group> out = new ArrayList<>(groups.size());
    for (Building b : groups) {
      out.add(new Group(b.id, b.misses, b.guess()));
    }
    out.sort(Comparator.comparingInt(Group::count).reversed()
        .thenComparing(Comparator.comparingLong(Group::lastAt).reversed()));
    return out;
  }

  private static Building best(Miss m, Set<String> grams, Map<String, List<Building>> byGram) {
    Set<Building> candidates = new HashSet<>();
    for (String gram : grams) {
      candidates.addAll(byGram.getOrDefault(gram, List.of()));
    }
    Building best = null;
    double bestSim = 0;
    for (Building g : candidates) {
      double sim = 0;
      for (Set<String> rep : g.reps) {
        sim = Math.max(sim, Grams.dice(grams, rep));
      }
      boolean sameGuess = m.faqId() != null && m.faqId().equals(g.guess());
      if (sim >= (sameGuess ? JOIN_SAME_GUESS : JOIN) && (sim > bestSim || (sim == bestSim && best != null
          && g.id.compareTo(best.id) < 0))) {
        best = g;
        bestSim = sim;
      }
    }
    return best;
  }

  /** The group whose meaning is nearest {@code sense}, if near enough; most recent groups first. */
  private static Building closest(Meaning sense, List<Building> groups) {
    Building best = null;
    double bestSim = 0;
    for (int i = groups.size() - 1; i >= Math.max(0, groups.size() - MEANING_GROUPS); i--) {
      Building g = groups.get(i);
      for (Meaning other : g.senses) {
        if (!other.space().equals(sense.space()) || other.vector().length != sense.vector().length) {
          continue;
        }
        double sim = 0;
        for (int k = 0; k < sense.vector().length; k++) {
          sim += sense.vector()[k] * other.vector()[k];
        }
        if (sim >= sense.join() && sim > bestSim) {
          best = g;
          bestSim = sim;
        }
      }
    }
    return best;
  }

  private static final class Building {
    final String id;
    final List<Meaning> senses = new ArrayList<>();
    final List<Miss> misses = new ArrayList<>();
    final List<Set<String>> reps = new ArrayList<>();
    final Map<String, Integer> guesses = new HashMap<>();

    Building(String id) {
      this.id = id;
    }

    void add(Miss m) {
      misses.add(m);
      if (m.faqId() != null) {
        guesses.merge(m.faqId(), 1, Integer::sum);
      }
    }

    /** The best guess most misses share, or null. */
    String guess() {
      return guesses.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
          .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(null);
    }
  }
}
