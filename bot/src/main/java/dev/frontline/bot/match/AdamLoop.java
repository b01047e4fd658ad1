package dev.frontline.bot.match;

import org.apache.lucene.util.VectorUtil;

/**
 * Fits the adapter matrix of an {@link AdapterTrainer.Problem}: full-batch Adam on the mean
 * softmax cross-entropy of "the held-out phrasing belongs to its own entry" plus an L2 penalty.
 * For a phrasing with projection {@code x}, {@code u = A·x} shifts its cosine to a centroid
 * {@code c} by {@code u·Bᵀc}.
 */
final class AdamLoop {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private AdamLoop() {}

  static float[][] minimise(AdapterTrainer.Problem p, AdapterConfig c) {
    int r = p.basis.length;
    float[][] a = new float[r][r];
    double[][] m = new double[r][r];
    double[][] v = new double[r][r];
    float[][] grad = new float[r][r];
    for (int step = 1; step <= c.steps(); step++) {
      gradient(p, a, c, grad);
      double c1 = 1 - Math.pow(BETA1, step);
      double c2 = 1 - Math.pow(BETA2, step);
      for (int i = 0; i < r; i++) {
        for (int j = 0; j < r; j++) {
          double g = grad[i][j];
          m[i][j] = BETA1 * m[i][j] + (1 - BETA1) * g;
          v[i][j] = BETA2 * v[i][j] + (1 - BETA2) * g * g;
          a[i][j] -= (float) (c.learningRate() * (m[i][j] / c1) / (Math.sqrt(v[i][j] / c2) + EPSILON));
        }
      }
    }
    return a;
  }

  /** Writes the gradient of the mean loss at {@code a} into {@code grad}. */
  static void gradient(AdapterTrainer.Problem p, float[][] a, AdapterConfig c, float[][] grad) {
    int r = a.length;
    int n = p.size();
    float scale = (float) c.scale();
    for (float[] row : grad) {
      java.util.Arrays.fill(row, 0);
    }
    float[] u = new float[r];
    float[] g = new float[r];
    for (int i = 0; i < n; i++) {
      float[] x = p.projected.get(i);
      for (int k = 0; k < r; k++) {
        u[k] = VectorUtil.dotProduct(a[k], x);
      }
      float[] own = p.ownProjected.get(i);
      int[] rivals = p.rivals.get(i);
      float[] base = p.rivalCosines.get(i);
      double[] z = new double[rivals.length + 1];
      z[0] = scale * (p.ownCosine.get(i) + VectorUtil.dotProduct(u, own));
      double max = z[0];
      for (int k = 0; k < rivals.length; k++) {
        z[k + 1] = scale * (base[k] + VectorUtil.dotProduct(u, p.centroidsProjected[rivals[k]]));
        max = Math.max(max, z[k + 1]);
      }
      double sum = 0;
      for (int k = 0; k < z.length; k++) {
        z[k] = Math.exp(z[k] - max);
        sum += z[k];
      }
      // dLoss/du = scale * (sum_k p_k c_k + (p_own - 1) own)
      float w0 = (float) (scale * (z[0] / sum - 1) / n);
      for (int j = 0; j < r; j++) {
        g[j] = w0 * own[j];
      }
      for (int k = 0; k < rivals.length; k++) {
        AdapterTrainer.add(g, p.centroidsProjected[rivals[k]], (float) (scale * z[k + 1] / sum / n));
      }
      for (int row = 0; row < r; row++) {
        AdapterTrainer.add(grad[row], x, g[row]);
      }
    }
    float decay = (float) (2 * c.regularisation() / r);
    for (int i = 0; i < r; i++) {
      AdapterTrainer.add(grad[i], a[i], decay);
    }
  }
}
