package dev.frontline.bot.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

/**
 * The adapter learns, from labelled paraphrases only, to discount directions in which
 * paraphrases of one entry differ (here a shared "style" subspace that swamps the meaning).
 */
class AdapterTrainerTest {
  private static final int DIM = 48;
  private static final int ENTRIES = 30;
  private static final int NUISANCE = 4;

  @Test
  void paraphrasesThatDifferInStyle_adapterRaisesNearestCentroidAccuracy() {
    SplittableRandom random = new SplittableRandom(3);
    float[][] meaning = new float[ENTRIES][];
    for (int e = 0; e < ENTRIES; e++) {
      meaning[e] = AdapterTrainer.unit(gaussian(random, DIM, 1));
    }
    float[][] style = new float[NUISANCE][];
    for (int k = 0; k < NUISANCE; k++) {
      style[k] = AdapterTrainer.unit(gaussian(random, DIM, 1));
    }
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int e = 0; e < ENTRIES; e++) {
      for (int p = 0; p < 6; p++) {
        ids.add("e" + e);
        vectors.add(sample(random, meaning[e], style));
      }
    }
    QueryAdapter adapter = AdapterTrainer.train(ids, vectors, AdapterConfig.ENGLISH);
    assertNotNull(adapter);
    float[][] centroids = centroids(ids, vectors);
    int rawRight = 0;
    int adaptedRight = 0;
    int questions = 600;
    for (int i = 0; i < questions; i++) {
      int gold = i % ENTRIES;
      float[] q = sample(random, meaning[gold], style);
      rawRight += nearest(q, centroids) == gold ? 1 : 0;
      float[] a = adapter.apply(q);
      assertEquals(1.0, VectorUtil.dotProduct(a, a), 1e-4);
      adaptedRight += nearest(a, centroids) == gold ? 1 : 0;
    }
    assertTrue(
        adaptedRight >= rawRight + questions / 10,
        "raw " + rawRight + " adapted " + adaptedRight + " of " + questions);
  }

  @Test
  void entriesWithOnePhrasingEach_nothingToLearnFrom_noAdapter() {
    SplittableRandom random = new SplittableRandom(5);
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int e = 0; e < 50; e++) {
      ids.add("e" + e);
      vectors.add(AdapterTrainer.unit(gaussian(random, DIM, 1)));
    }
    assertNull(AdapterTrainer.train(ids, vectors, AdapterConfig.ENGLISH));
  }

  private static float[] sample(SplittableRandom random, float[] meaning, float[][] style) {
    float[] v = meaning.clone();
    for (float[] s : style) {
      AdapterTrainer.add(v, s, (float) (1.5 * random.nextGaussian()));
    }
    AdapterTrainer.add(v, gaussian(random, DIM, 0.05), 1);
    return AdapterTrainer.unit(v);
  }

  private static float[] gaussian(SplittableRandom random, int d, double sigma) {
    float[] v = new float[d];
    for (int j = 0; j < d; j++) {
      v[j] = (float) (sigma * random.nextGaussian());
    }
    return v;
  }

  private static float[][] centroids(List<String> ids, List<float[]> vectors) {
    float[][] sums = new float[ENTRIES][DIM];
    for (int i = 0; i < ids.size(); i++) {
      AdapterTrainer.add(sums[Integer.parseInt(ids.get(i).substring(1))], vectors.get(i), 1);
    }
    for (float[] s : sums) {
      AdapterTrainer.unit(s);
    }
    return sums;
  }

  private static int nearest(float[] q, float[][] centroids) {
    int best = 0;
    for (int e = 1; e < centroids.length; e++) {
      if (VectorUtil.dotProduct(q, centroids[e]) > VectorUtil.dotProduct(q, centroids[best])) {
        best = e;
      }
    }
    return best;
  }
}
