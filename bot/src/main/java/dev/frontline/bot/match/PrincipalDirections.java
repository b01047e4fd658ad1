package dev.frontline.bot.match;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.lucene.util.VectorUtil;

/** The top principal directions of a set of vectors, by subspace (block power) iteration. */
final class PrincipalDirections {
  private static final int ITERATIONS = 30;

  private PrincipalDirections() {}

  /** {@code rank} orthonormal directions of largest variance, as rows. */
  static float[][] of(List<float[]> vectors, int rank) {
    int d = vectors.get(0).length;
    double[][] cov = covariance(vectors, d);
    SplittableRandom random = new SplittableRandom(42);
    double[][] v = new double[rank][d];
    for (double[] row : v) {
      for (int j = 0; j < d; j++) {
        row[j] = random.nextDouble() - 0.5;
      }
    }
    orthonormalise(v);
    for (int it = 0; it < ITERATIONS; it++) {
      double[][] next = new double[rank][];
      for (int k = 0; k < rank; k++) {
        next[k] = times(cov, v[k]);
      }
      orthonormalise(next);
      v = next;
    }
    float[][] out = new float[rank][d];
    for (int k = 0; k < rank; k++) {
      for (int j = 0; j < d; j++) {
        out[k][j] = (float) v[k][j];
      }
    }
    return out;
  }

  private static double[][] covariance(List<float[]> vectors, int d) {
    double[] mean = new double[d];
    for (float[] x : vectors) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[j];
      }
    }
    float[][] centred = new float[vectors.size()][d];
    for (int i = 0; i < vectors.size(); i++) {
      float[] x = vectors.get(i);
      for (int j = 0; j < d; j++) {
        centred[i][j] = (float) (x[j] - mean[j] / vectors.size());
      }
    }
    // cov[a][b] = sum_i c_ia c_ib; by columns so that each entry is one dot product.
    float[][] columns = new float[d][vectors.size()];
    for (int i = 0; i < centred.length; i++) {
      for (int j = 0; j < d; j++) {
        columns[j][i] = centred[i][j];
      }
    }
    double[][] cov = new double[d][d];
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        double s = VectorUtil.dotProduct(columns[a], columns[b]) / vectors.size();
        cov[a][b] = s;
        cov[b][a] = s;
      }
    }
    return cov;
  }

  private static double[] times(double[][] m, double[] x) {
    double[] out = new double[m.length];
    for (int a = 0; a < m.length; a++) {
      double s = 0;
      double[] row = m[a];
      for (int b = 0; b < x.length; b++) {
        s += row[b] * x[b];
      }
      out[a] = s;
    }
    return out;
  }

  /** Modified Gram-Schmidt over the rows; a row that collapses is replaced by zeros. */
  private static void orthonormalise(double[][] rows) {
    for (int k = 0; k < rows.length; k++) {
      double[] r = rows[k];
      for (int p = 0; p < k; p++) {
        double dot = 0;
        for (int j = 0; j < r.length; j++) {
          dot += r[j] * rows[p][j];
        }
        for (int j = 0; j < r.length; j++) {
          r[j] -= dot * rows[p][j];
        }
      }
      double norm = 0;
      for (double x : r) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < r.length; j++) {
        r[j] = norm < 1e-12 ? 0 : r[j] / norm;
      }
    }
  }
}
