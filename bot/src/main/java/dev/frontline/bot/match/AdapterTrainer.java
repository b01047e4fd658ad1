package dev.frontline.bot.match;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;

/**
 * Learns a {@link QueryAdapter} from the knowledge base alone, when it is (re)built: the
 * similar questions are labelled paraphrases, so each phrasing of an entry with two or more is
 * held out in turn and should land nearer its entry's centroid of the <em>other</em> phrasings
 * than the centroids of the nearest competing entries (softmax cross-entropy over cosines, L2
 * penalty towards no correction, Adam). The correction acts in the top principal directions of
 * the phrasing vectors, which keeps it small (rank² numbers) and fast to learn and apply.
 */
public final class AdapterTrainer {
  /** Fewer held-out phrasings than this: too little to learn from, no adapter. */
  static final int MIN_TRAINING = 20;

  private AdapterTrainer() {}

  /**
   * The adapter for phrasing vectors {@code vectors} of entries {@code ids} (parallel lists),
   * or null when the base has too few paraphrases to learn from.
   */
  public static QueryAdapter train(List<String> ids, List<float[]> vectors, AdapterConfig c) {
    Map<String, List<Integer>> byEntry = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      if (vectors.get(i) != null) {
        byEntry.computeIfAbsent(ids.get(i), k -> new ArrayList<>()).add(i);
      }
    }
    List<List<Integer>> pool = sample(byEntry, c.maxEntries());
    if (pool.size() < 2) {
      return null;
    }
    int d = vectors.get(pool.get(0).get(0)).length;
    float[][] sums = new float[pool.size()][d];
    float[][] centroids = new float[pool.size()][];
    List<float[]> all = new ArrayList<>();
    List<Integer> trainPhrasing = new ArrayList<>();
    List<Integer> trainEntry = new ArrayList<>();
    for (int e = 0; e < pool.size(); e++) {
      for (int i : pool.get(e)) {
        float[] x = vectors.get(i);
        all.add(x);
        add(sums[e], x, 1);
        if (pool.get(e).size() >= 2) {
          trainPhrasing.add(i);
          trainEntry.add(e);
        }
      }
      centroids[e] = unit(sums[e].clone());
    }
    if (trainPhrasing.size() < MIN_TRAINING) {
      return null;
    }
    int rank = Math.min(c.rank(), Math.min(d, all.size() - 1));
    float[][] basis = PrincipalDirections.of(all, rank);
    Problem p = new Problem(basis, centroids, c.negatives());
    for (int t = 0; t < trainPhrasing.size(); t++) {
      float[] x = vectors.get(trainPhrasing.get(t));
      float[] own = sums[trainEntry.get(t)].clone();
      add(own, x, -1);
      p.add(x, unit(own), trainEntry.get(t));
    }
    QueryAdapter adapter = new QueryAdapter(basis, AdamLoop.minimise(p, c));
    return adapter.withSimilarityScale(similarityScale(adapter, vectors, trainPhrasing, trainEntry, centroids));
  }

  /** Mean adapted over mean raw cosine of each held-out phrasing to another entry's centroid. */
  private static double similarityScale(
      QueryAdapter adapter, List<float[]> vectors, List<Integer> phrasings, List<Integer> owners,
      float[][] centroids) {
    double raw = 0;
    double adapted = 0;
    for (int t = 0; t < phrasings.size(); t++) {
      int other = (int) ((t * 7919L + 13) % centroids.length);
      if (other == owners.get(t)) {
        other = (other + 1) % centroids.length;
      }
      float[] x = vectors.get(phrasings.get(t));
      raw += VectorUtil.dotProduct(x, centroids[other]);
      adapted += VectorUtil.dotProduct(adapter.apply(x), centroids[other]);
    }
    return raw <= 0 || adapted <= 0 ? 1 : Math.min(1, adapted / raw);
  }

  /** Entries with their phrasing indexes; a deterministic spread sample when there are more. */
  private static List<List<Integer>> sample(Map<String, List<Integer>> byEntry, int max) {
    Set<String> chosen = sampled(byEntry.keySet(), max);
    List<List<Integer>> out = new ArrayList<>(chosen.size());
    for (Map.Entry<String, List<Integer>> e : byEntry.entrySet()) {
      if (chosen.contains(e.getKey())) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  /**
   * The entries a base of entries {@code ids} trains on: all of them, or a deterministic
   * sample of {@code max} (by a hash of the id, so the same base always trains on the same).
   */
  public static Set<String> sampled(Collection<String> ids, int max) {
    List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
    if (all.size() > max) {
      all.sort(Comparator.comparingInt((String id) -> mix(id.hashCode())).thenComparing(id -> id));
      all = all.subList(0, max);
    }
    return new HashSet<>(all);
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }

  static void add(float[] into, float[] x, float factor) {
    for (int j = 0; j < into.length; j++) {
      into[j] += factor * x[j];
    }
  }

  static float[] unit(float[] v) {
    double norm = Math.sqrt(VectorUtil.dotProduct(v, v));
    float inv = norm < 1e-12 ? 0 : (float) (1 / norm);
    for (int j = 0; j < v.length; j++) {
      v[j] *= inv;
    }
    return v;
  }

  /** Held-out phrasings projected into the subspace, each with its own and competing centroids. */
  static final class Problem {
    final float[][] basis;
    final float[][] centroidsProjected;
    final int negatives;
    final float[][] centroids;
    final List<float[]> projected = new ArrayList<>();
    final List<float[]> ownProjected = new ArrayList<>();
    final List<Float> ownCosine = new ArrayList<>();
    final List<int[]> rivals = new ArrayList<>();
    final List<float[]> rivalCosines = new ArrayList<>();

    Problem(float[][] basis, float[][] centroids, int negatives) {
      this.basis = basis;
      this.centroids = centroids;
      this.negatives = Math.min(negatives, centroids.length - 1);
      this.centroidsProjected = new float[centroids.length][];
      for (int e = 0; e < centroids.length; e++) {
        centroidsProjected[e] = project(centroids[e]);
      }
    }

    float[] project(float[] x) {
      float[] out = new float[basis.length];
      for (int k = 0; k < basis.length; k++) {
        out[k] = VectorUtil.dotProduct(basis[k], x);
      }
      return out;
    }

    void add(float[] x, float[] own, int ownEntry) {
      float[] cos = new float[centroids.length];
      Integer[] order = new Integer[centroids.length];
      for (int e = 0; e < centroids.length; e++) {
        cos[e] = e == ownEntry ? Float.NEGATIVE_INFINITY : VectorUtil.dotProduct(x, centroids[e]);
        order[e] = e;
      }
      java.util.Arrays.sort(order, (a, b) -> Float.compare(cos[b], cos[a]));
      int[] r = new int[negatives];
      float[] rc = new float[negatives];
      for (int k = 0; k < negatives; k++) {
        r[k] = order[k];
        rc[k] = cos[order[k]];
      }
      projected.add(project(x));
      ownProjected.add(project(own));
      ownCosine.add(VectorUtil.dotProduct(x, own));
      rivals.add(r);
      rivalCosines.add(rc);
    }

    int size() {
      return projected.size();
    }
  }
}
