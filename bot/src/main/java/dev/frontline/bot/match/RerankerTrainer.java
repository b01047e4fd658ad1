package dev.frontline.bot.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Learns a {@link Reranker} from the base's own phrasings, each asked with itself left out (the
 * calibration's held-out questions): a conditional logit over each question's candidates, the
 * fusion's ranking score as a fixed offset and a few standardised features with learned weights,
 * fitted by full-batch Adam on the mean softmax cross-entropy of "the held-out phrasing's own
 * entry" plus an L2 penalty pulling the weights to zero (no correction). Deterministic: the same
 * questions in the same order give the same weights.
 */
public final class RerankerTrainer {
  /** Held-out questions whose entry is among their candidates needed to learn anything. */
  static final int MIN_TRAINING = 30;

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private RerankerTrainer() {}

  /** One held-out question: its candidates' evidence and its own entry. */
  public record Example(List<EntryEvidence> candidates, String faqId) {
    public Example {
      candidates = List.copyOf(candidates);
    }
  }

  /**
   * The re-ranker learned from {@code examples}, or null when fewer than {@link #MIN_TRAINING}
   * of them have their own entry among the candidates.
   */
  public static Reranker train(List<Example> examples, Fusion fusion, RerankerConfig config) {
    List<double[]> offsets = new ArrayList<>();
    List<double[][]> features = new ArrayList<>();
    List<Integer> gold = new ArrayList<>();
    for (Example ex : examples) {
      List<EntryEvidence> c = ex.candidates();
      int g = -1;
      for (int i = 0; i < c.size(); i++) {
        if (c.get(i).faqId().equals(ex.faqId())) {
          g = i;
        }
      }
      if (g < 0 || c.size() < 2) {
        continue; // nothing to learn: the right entry is missing, or alone
      }
      double[] z = new double[c.size()];
      double[][] f = new double[c.size()][];
      for (int i = 0; i < c.size(); i++) {
        z[i] = fusion.rankingScore(c.get(i));
        f[i] = config.values(c.get(i), c);
      }
      offsets.add(z);
      features.add(f);
      gold.add(g);
    }
    if (gold.size() < MIN_TRAINING) {
      return null;
    }
    int d = config.dimensions();
    double[] mean = new double[d];
    double[] scale = new double[d];
    standardisation(features, mean, scale);
    double[] w = minimise(offsets, features, gold, mean, scale, config);
    double[] raw = new double[d];
    double shift = 0;
    for (int k = 0; k < d; k++) {
      raw[k] = w[k] / scale[k];
      shift -= raw[k] * mean[k];
    }
    return new Reranker(config, raw, shift, gold.size());
  }

  private static void standardisation(List<double[][]> features, double[] mean, double[] scale) {
    int d = mean.length;
    long n = 0;
    double[] sq = new double[d];
    for (double[][] q : features) {
      for (double[] f : q) {
        n++;
        for (int k = 0; k < d; k++) {
          mean[k] += f[k];
          sq[k] += f[k] * f[k];
        }
      }
    }
    for (int k = 0; k < d; k++) {
      mean[k] /= n;
      double var = sq[k] / n - mean[k] * mean[k];
      scale[k] = Math.sqrt(Math.max(var, 0)) + 1e-9;
    }
  }

  private static double[] minimise(List<double[]> offsets, List<double[][]> features,
      List<Integer> gold, double[] mean, double[] scale, RerankerConfig c) {
    int d = mean.length;
    double[] w = new double[d];
    double[] m = new double[d];
    double[] v = new double[d];
    double[] g = new double[d];
    int n = gold.size();
    for (int step = 1; step <= c.steps(); step++) {
      for (int k = 0; k < d; k++) {
        g[k] = c.regularisation() * w[k];
      }
      for (int q = 0; q < n; q++) {
        double[] z = offsets.get(q);
        double[][] f = features.get(q);
        double[] s = new double[z.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < z.length; i++) {
          s[i] = z[i];
          for (int k = 0; k < d; k++) {
            s[i] += w[k] * (f[i][k] - mean[k]) / scale[k];
          }
          max = Math.max(max, s[i]);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
          s[i] = Math.exp(s[i] - max);
          sum += s[i];
        }
        for (int i = 0; i < z.length; i++) {
          double r = s[i] / sum - (i == gold.get(q) ? 1 : 0);
          for (int k = 0; k < d; k++) {
            g[k] += r * (f[i][k] - mean[k]) / scale[k] / n;
          }
        }
      }
      double c1 = 1 - Math.pow(BETA1, step);
      double c2 = 1 - Math.pow(BETA2, step);
      for (int k = 0; k < d; k++) {
        m[k] = BETA1 * m[k] + (1 - BETA1) * g[k];
        v[k] = BETA2 * v[k] + (1 - BETA2) * g[k] * g[k];
        w[k] -= c.learningRate() * (m[k] / c1) / (Math.sqrt(v[k] / c2) + EPSILON);
      }
    }
    return w;
  }
}
