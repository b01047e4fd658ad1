package dev.frontline.bot.match;

import org.apache.lucene.util.VectorUtil;

/**
 * A linear correction of question vectors learned from the knowledge base's own paraphrases
 * ({@link AdapterTrainer}): {@code q' = normalise(q + B·A·Bᵀ·q)}, where {@code B} holds the top
 * principal directions of the phrasing vectors and {@code A} a small square matrix. Only the
 * question is transformed; the indexed phrasing vectors stay as the model made them, so an
 * adapter can be swapped at any time without re-indexing. Immutable and thread-safe.
 */
public final class QueryAdapter {
  private final float[][] basis; // r rows of dimension d, orthonormal
  private final float[][] matrix; // r x r
  private double similarityScale = 1;

  QueryAdapter(float[][] basis, float[][] matrix) {
    this.basis = basis;
    this.matrix = matrix;
  }

  /** Sets {@link #similarityScale()}; called once by the trainer before publication. */
  QueryAdapter withSimilarityScale(double scale) {
    this.similarityScale = scale;
    return this;
  }

  /**
   * How much the adapter scales a question's cosine to an unrelated entry (mean adapted over
   * mean raw cosine between the base's phrasings and other entries' centroids): the "unrelated
   * entry" level that stands in for a missing runner-up is scaled by it.
   */
  public double similarityScale() {
    return similarityScale;
  }

  /** The adapted unit vector of {@code q} (a new array). */
  public float[] apply(float[] q) {
    int r = basis.length;
    float[] t = new float[r];
    for (int i = 0; i < r; i++) {
      t[i] = VectorUtil.dotProduct(basis[i], q);
    }
    float[] out = q.clone();
    for (int i = 0; i < r; i++) {
      float u = VectorUtil.dotProduct(matrix[i], t);
      float[] b = basis[i];
      for (int j = 0; j < out.length; j++) {
        out[j] += u * b[j];
      }
    }
    double norm = Math.sqrt(VectorUtil.dotProduct(out, out));
    float inv = norm == 0 ? 0 : (float) (1 / norm);
    for (int j = 0; j < out.length; j++) {
      out[j] *= inv;
    }
    return out;
  }

  /** The subspace rank. */
  public int rank() {
    return basis.length;
  }
}
